/** Set on `req.context` by writes that must not be delivered (two-way sync applying remote edits). */
export const SKIP_PUBLISHING = 'skipPublishing'
