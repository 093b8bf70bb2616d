#include "cartlift/status.h"

namespace cartlift {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kMalformedJson: return "malformed_json";
    case ErrorCode::kMissingField: return "missing_field";
    case ErrorCode::kWrongType: return "wrong_type";
    case ErrorCode::kInvalidValue: return "invalid_value";
    case ErrorCode::kInvalidPrice: return "invalid_price";
    case ErrorCode::kUnknownCurrency: return "unknown_currency";
    case ErrorCode::kDuplicateId: return "duplicate_id";
    case ErrorCode::kLimitExceeded: return "limit_exceeded";
    case ErrorCode::kUnsupportedFormat: return "unsupported_format";
    case ErrorCode::kMalformedRecord: return "malformed_record";
    case ErrorCode::kIo: return "io_error";
    case ErrorCode::kInvalidHandle: return "invalid_handle";
    case ErrorCode::kInternal: return "internal";
  }
  return "internal";
}

}  // namespace cartlift
