/** Whether the Cookie header carries Payload's session cookie (`<prefix>-token`). */
export const hasSessionCookie = (cookie: string | null, prefix: string): boolean =>
  !!cookie && cookie.split(';').some((part) => part.trim().startsWith(`${prefix}-token=`))
