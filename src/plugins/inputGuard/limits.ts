/** The largest JSON body the API reads: far above any document, far below what hurts memory. */
export const JSON_BODY_LIMIT = 1024 * 1024

/** The largest file a media upload may carry. */
export const UPLOAD_FILE_LIMIT = 20 * 1024 * 1024

/** Room for a multipart request's other parts (the `_payload` JSON, boundaries) around the file. */
export const MULTIPART_OVERHEAD = JSON_BODY_LIMIT

export const mebibytes = (bytes: number): string => `${Math.round(bytes / (1024 * 1024))} MiB`
