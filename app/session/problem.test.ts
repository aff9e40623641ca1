import { describe, expect, it } from 'vitest'
import { TesseraError } from './errors.ts'
import { errorFromProblem } from './problem.ts'

describe('errorFromProblem', () => {
  it('reads our problem documents back into errors', () => {
    const problem = JSON.stringify({
      type: 'about:blank',
      title: 'Blocked.',
      status: 403,
      detail: 'CSRF',
      code: 'cross_origin_request',
    })
    const error = errorFromProblem(problem)
    expect(error).toBeInstanceOf(TesseraError)
    expect(error?.toPayload()).toMatchObject({
      code: 'cross_origin_request',
      status: 403,
      message: 'CSRF',
      userMessage: 'Blocked.',
    })
  })

  it.each(['Forbidden', '{}', 'null', '{"code":"no_such_code"}', '[1,2]'])('ignores %j', (text) => {
    expect(errorFromProblem(text)).toBeNull()
  })
})
