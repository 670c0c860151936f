/** C0 control characters and DEL: refused in Basic credentials (RFC 7617) and in the audit user (it goes into log lines). */
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
