/**
 * `qrcode.react` as a reference example sees it when the app renders it (the MFA custom flow
 * shows the authenticator app's URI as a QR code): the URI itself, as text a test can read.
 */
export function QRCodeSVG({ value }: { value: string; size?: number }) {
  return <code data-qr-code="">{value}</code>
}
