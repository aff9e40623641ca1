/**
 * The profile page: a person changes their name and uploads a profile image, which every avatar
 * then shows; the image is served immutable, as WebP, stripped of metadata; another type is
 * refused with a plain message; removing it brings the initials back. @see issue 22 ("A profile")
 */

import sharp from 'sharp'
import { attachScreenshot, expect, test } from './fixtures.ts'
import { accountSwitcher } from './pages/account-switcher.page.ts'
import { authPage } from './pages/auth.page.ts'

/** A phone photo: 1600×1200 JPEG with camera and GPS metadata. */
const photo = () =>
  sharp({ create: { width: 1600, height: 1200, channels: 3, background: { r: 30, g: 120, b: 200 } } })
    .jpeg()
    .withMetadata({ exif: { IFD0: { Make: 'PhoneCo' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1' } } })
    .toBuffer()

test('a person renames themselves and sets, sees and removes a profile image', async ({
  page,
  createUser,
}, testInfo) => {
  const user = await createUser({ firstName: 'Grace', lastName: 'Hopper' })
  await authPage(page).signInAs(user)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Profile' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Profile')

  await page.getByLabel('First name').fill('Amazing')
  await page.getByLabel('Last name').fill('Grace')
  await page.getByRole('button', { name: 'Save name' }).click()
  await expect(page.getByText('Name saved.')).toBeVisible()
  await accountSwitcher(page).expectCurrent('Amazing Grace')

  // Another type, whatever its name says, is refused in plain words.
  await page.getByLabel('Upload image').setInputFiles({
    name: 'avatar.png',
    mimeType: 'image/png',
    buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
  })
  await expect(page.getByRole('alert')).toHaveText('Choose a JPEG, PNG or WebP image.')

  await page.getByLabel('Upload image').setInputFiles({ name: 'me.jpg', mimeType: 'image/jpeg', buffer: await photo() })
  await expect(page.getByText('Profile image saved.')).toBeVisible()
  const headerImage = page.getByRole('banner').locator('img')
  await expect(headerImage).toHaveAttribute('src', new RegExp(`^/images/users/${user.id}/[A-Za-z0-9_-]{43}$`))
  await expect(headerImage).toHaveJSProperty('complete', true)
  const src = (await headerImage.getAttribute('src')) ?? ''

  const image = await page.request.get(src)
  expect(image.status()).toBe(200)
  expect(image.headers()['content-type']).toBe('image/webp')
  expect(image.headers()['cache-control']).toBe('public, max-age=31536000, immutable')
  const metadata = await sharp(await image.body()).metadata()
  expect(metadata).toMatchObject({ format: 'webp', width: 256, height: 256 })
  expect(metadata.exif).toBeUndefined()

  await page.setViewportSize({ width: 1280, height: 900 })
  await attachScreenshot(page, testInfo, 'profile (desktop)')
  await page.setViewportSize({ width: 390, height: 844 })
  await attachScreenshot(page, testInfo, 'profile (phone)')
  await page.setViewportSize({ width: 1280, height: 800 })

  // The dashboard and the sessions page show it too; the activity lists the changes.
  await page.goto('/dashboard')
  await expect(page.getByRole('main').locator(`img[src="${src}"]`)).toBeVisible()
  await page.goto('/account/activity')
  await expect(page.getByText('Profile image changed')).toBeVisible()
  await expect(page.getByText('Name changed: Grace Hopper → Amazing Grace')).toBeVisible()

  await page.goto('/account/profile')
  await page.getByRole('button', { name: 'Remove image' }).click()
  await expect(page.getByText('Profile image removed.')).toBeVisible()
  await expect(page.getByRole('banner').locator('img')).toHaveCount(0)
  expect((await page.request.get(src)).status()).toBe(404)
})
