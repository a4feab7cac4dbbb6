/**
 * The one catalogue of error codes: HTTP status and the message a user reads, in Vietnamese and English.
 * Domain code throws `DomainError` with one of these codes; the server maps it to a response.
 */
export const errorCatalogue = {
  DANSO_ERR_VALIDATION: {
    status: 400,
    vi: 'Dữ liệu gửi lên không hợp lệ.',
    en: 'The request data is not valid.',
  },
  DANSO_ERR_MALFORMED_JSON: {
    status: 400,
    vi: 'Nội dung gửi lên không phải JSON hợp lệ.',
    en: 'The request body is not valid JSON.',
  },
  DANSO_ERR_BODY_TOO_LARGE: {
    status: 413,
    vi: 'Dữ liệu gửi lên quá lớn.',
    en: 'The request body is too large.',
  },
  DANSO_ERR_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    vi: 'Kiểu nội dung không được hỗ trợ.',
    en: 'The content type is not supported.',
  },
  DANSO_ERR_UNAUTHENTICATED: {
    status: 401,
    vi: 'Bạn cần đăng nhập để tiếp tục.',
    en: 'You need to sign in.',
  },
  DANSO_ERR_BAD_CREDENTIALS: {
    status: 401,
    vi: 'Tên đăng nhập hoặc mật khẩu không đúng.',
    en: 'The user name or password is wrong.',
  },
  DANSO_ERR_TOO_MANY_ATTEMPTS: {
    status: 429,
    vi: 'Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ít phút.',
    en: 'Too many failed sign-in attempts. Try again in a few minutes.',
  },
  DANSO_ERR_TOTP_REQUIRED: {
    status: 401,
    vi: 'Cần nhập mã xác thực hai lớp (TOTP).',
    en: 'A two-factor (TOTP) code is required.',
  },
  DANSO_ERR_TOTP_ENROLMENT_REQUIRED: {
    status: 403,
    vi: 'Tài khoản này phải đăng ký xác thực hai lớp (TOTP) trước khi sử dụng.',
    en: 'This account must enrol in two-factor authentication (TOTP) first.',
  },
  DANSO_ERR_TOTP_INVALID: {
    status: 401,
    vi: 'Mã xác thực hai lớp không đúng hoặc đã hết hạn.',
    en: 'The two-factor code is wrong or has expired.',
  },
  DANSO_ERR_CSRF: {
    status: 403,
    vi: 'Phiên làm việc không hợp lệ (thiếu mã chống giả mạo yêu cầu). Hãy tải lại trang.',
    en: 'Missing or wrong anti-forgery token. Reload the page.',
  },
  DANSO_ERR_FORBIDDEN: {
    status: 403,
    vi: 'Bạn không có quyền thực hiện thao tác này.',
    en: 'You are not allowed to do this.',
  },
  DANSO_ERR_OUT_OF_SCOPE: {
    status: 404,
    vi: 'Không tìm thấy dữ liệu trong địa bàn bạn được phân quyền.',
    en: 'Not found within the places you may see.',
  },
  DANSO_ERR_NOT_FOUND: {
    status: 404,
    vi: 'Không tìm thấy.',
    en: 'Not found.',
  },
  DANSO_ERR_ROUTE_NOT_FOUND: {
    status: 404,
    vi: 'Đường dẫn API không tồn tại.',
    en: 'No such API route.',
  },
  DANSO_ERR_CONFLICT: {
    status: 409,
    vi: 'Dữ liệu đã tồn tại hoặc xung đột với dữ liệu hiện có.',
    en: 'The data already exists or conflicts with existing data.',
  },
  DANSO_ERR_REPORT_STATE: {
    status: 409,
    vi: 'Báo cáo đang ở trạng thái không cho phép thao tác này. Hãy tải lại trang.',
    en: 'The report is in a state that does not allow this. Reload the page.',
  },
  DANSO_ERR_REPORT_STALE: {
    status: 409,
    vi: 'Số liệu báo cáo đã thay đổi kể từ khi bạn mở. Hãy xem lại số liệu mới rồi ký lại.',
    en: 'The report values have changed since you opened it. Review the new values and sign again.',
  },
  DANSO_ERR_REPORT_SIGNATURE: {
    status: 422,
    vi: 'Chữ ký số của báo cáo không hợp lệ hoặc khóa ký không thuộc tài khoản của bạn; báo cáo chưa được gửi.',
    en: 'The report signature is not valid or the key is not yours; the report was not sent.',
  },
  DANSO_ERR_WEAK_PASSWORD: {
    status: 400,
    vi: 'Mật khẩu phải có ít nhất 8 ký tự và không nằm trong danh sách mật khẩu phổ biến.',
    en: 'The password must have at least 8 characters and must not be a common password.',
  },
  DANSO_ERR_USER_DISABLED: {
    status: 401,
    vi: 'Tên đăng nhập hoặc mật khẩu không đúng.',
    en: 'The user name or password is wrong.',
  },
  DANSO_ERR_INVALID_SCOPE: {
    status: 400,
    vi: 'Phạm vi địa bàn không phù hợp với vai trò hoặc không tồn tại.',
    en: 'The place scope does not fit the role or does not exist.',
  },
  DANSO_ERR_IMPORT_INVALID: {
    status: 422,
    vi: 'Tệp nhập có dòng lỗi; không có dữ liệu nào được nhập.',
    en: 'The import file has bad rows; nothing was imported.',
  },
  DANSO_ERR_EXPORT_TOO_LARGE: {
    status: 422,
    vi: 'Bản in quá lớn để tạo trong một lần. Hãy in theo từng phần nhỏ hơn.',
    en: 'The document is too large to produce at once. Print it in smaller parts.',
  },
  DANSO_ERR_RATE_LIMITED: {
    status: 429,
    vi: 'Quá nhiều yêu cầu. Vui lòng thử lại sau.',
    en: 'Too many requests. Try again later.',
  },
  DANSO_ERR_CHANGE_INVALID: {
    status: 422,
    vi: 'Biến động vi phạm quy tắc kiểm tra; chưa được ghi nhận.',
    en: 'The change breaks validation rules; it was not recorded.',
  },
  DANSO_ERR_CHANGE_ID_REUSED: {
    status: 409,
    vi: 'Mã biến động đã được dùng cho một nội dung khác; biến động không được ghi nhận.',
    en: 'The change id was already used for different content; the change was not recorded.',
  },
  DANSO_ERR_REVIEW_NOT_ALLOWED: {
    status: 409,
    vi: 'Không thể thực hiện thao tác này với biến động ở trạng thái hiện tại.',
    en: 'This action is not possible for the change in its current state.',
  },
  DANSO_ERR_WARNINGS_NOT_ACKNOWLEDGED: {
    status: 422,
    vi: 'Biến động có cảnh báo cần xác nhận đã xem trước khi duyệt.',
    en: 'The change has warnings that must be acknowledged before approval.',
  },
  DANSO_ERR_CHANGE_CONFLICT: {
    status: 409,
    vi: 'Biến động mâu thuẫn với sổ hộ hiện tại; đã chuyển vào danh sách xung đột.',
    en: 'The change contradicts the register; it is waiting as a conflict.',
  },
  DANSO_ERR_CORRECTION_UNSUPPORTED: {
    status: 422,
    vi: 'Chưa hỗ trợ đính chính loại biến động này; hãy dùng biến động thay đổi thông tin.',
    en: 'Correcting this change type is not supported yet; use a change of basic information.',
  },
  DANSO_ERR_SIGNATURE_INVALID: {
    status: 422,
    vi: 'Chữ ký số không khớp với nội dung hoặc với khóa ký; không có gì được ghi nhận.',
    en: 'The signature does not match the document or the signing key; nothing was recorded.',
  },
  DANSO_ERR_SIGNING_KEY_UNKNOWN: {
    status: 422,
    vi: 'Khóa ký không tồn tại hoặc không thuộc tài khoản của bạn. Hãy đăng ký khóa ký của thiết bị.',
    en: 'The signing key is unknown or not yours. Register the device signing key first.',
  },
  DANSO_ERR_SIGNING_KEY_REVOKED: {
    status: 422,
    vi: 'Khóa ký đã bị thu hồi; hãy tạo và đăng ký khóa ký mới.',
    en: 'The signing key has been revoked; make and register a new one.',
  },
  DANSO_ERR_SUBMISSION_INVALID: {
    status: 422,
    vi: 'Phiếu thu tin của tháng không hợp lệ; chưa được ghi nhận.',
    en: 'The month submission is not valid; it was not recorded.',
  },
  DANSO_ERR_SUBMISSION_CHANGES_NOT_SYNCED: {
    status: 422,
    vi: 'Phiếu thu tin liệt kê biến động chưa có trên máy chủ hoặc không phải của bạn. Hãy đồng bộ trước khi nộp.',
    en: 'The submission lists changes the server does not have from you. Sync first, then submit.',
  },
  DANSO_ERR_SUBMISSION_INCOMPLETE: {
    status: 422,
    vi: 'Phiếu thu tin thiếu biến động bạn đã ghi trong tháng; hãy đồng bộ rồi lập lại phiếu.',
    en: 'The submission leaves out changes you recorded in the month; sync and build it again.',
  },
  DANSO_ERR_SUBMISSION_MONTH_NOT_OVER: {
    status: 422,
    vi: 'Chưa thể nộp phiếu thu tin cho tháng trong tương lai.',
    en: 'A month in the future cannot be submitted.',
  },
  DANSO_ERR_SYNC_CURSOR_INVALID: {
    status: 400,
    vi: 'Mốc đồng bộ không hợp lệ; hãy đồng bộ lại từ đầu.',
    en: 'The sync cursor is not valid; pull again from the start.',
  },
  DANSO_ERR_INTERNAL: {
    status: 500,
    vi: 'Lỗi hệ thống. Vui lòng thử lại hoặc báo quản trị viên.',
    en: 'Internal error. Try again or tell the administrator.',
  },
} as const satisfies Record<string, { status: number; vi: string; en: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

export interface ErrorDetail {
  /** Where the problem is: a field path, a row number, a variable name. */
  path?: string;
  /** A short machine-readable reason. */
  reason: string;
  /** The message a user reads. */
  message?: string;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];
  constructor(code: ErrorCode, details: ErrorDetail[] = [], message?: string) {
    super(message ?? errorCatalogue[code].en);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

export function errorMessage(code: ErrorCode, language: 'vi' | 'en' = 'vi'): string {
  return errorCatalogue[code][language];
}
