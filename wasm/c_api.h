// The C ABI of cartlift: the only surface the wasm module exports, also compiled natively so
// GoogleTest exercises exactly what JavaScript calls. Strings in and out are UTF-8 JSON.
// No exception ever crosses this boundary; failures return 0 / NULL and leave a JSON error
// {"code": "...", "message": "...", "path": "..."} readable with cartlift_last_error().
//
// Example (C):
//   uint32_t e = cartlift_engine_create(bundle_bytes, bundle_len);
//   if (!e) { puts(cartlift_last_error()); return; }
//   char* offers = cartlift_recommend(e, "{\"cart\":[{\"id\":\"85123A\"}]}", 30);
//   puts(offers);  cartlift_free(offers);
//   cartlift_engine_destroy(e);
#pragma once
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// ABI version; the JS glue refuses a module whose version differs from its own.
uint32_t cartlift_abi_version(void);
// Library version string, e.g. "0.1.0". Static storage: do not free.
const char* cartlift_version(void);

// Loads a store bundle (JSON text, or the binary form). Returns a handle > 0, or 0 on error.
uint32_t cartlift_engine_create(const uint8_t* bytes, size_t len);
// The same for `bytes` from cartlift_alloc, which the engine takes over whatever the outcome:
// a binary bundle keeps them and reads its neighbour entries in place, so the heap holds the
// file once instead of the file plus a copy; anything else is freed before this returns. The
// caller must not use or free `bytes` afterwards.
//   uint8_t* b = cartlift_alloc(len);  /* fill */  uint32_t e = cartlift_engine_create_owned(b, len);
uint32_t cartlift_engine_create_owned(uint8_t* bytes, size_t len);
void cartlift_engine_destroy(uint32_t engine);

// Answers one request. Returns a malloc'd NUL-terminated JSON response the caller releases with
// cartlift_free, or NULL on error (see cartlift_last_error). The text is ASCII: characters
// above U+007F are \u escapes, the same JSON value.
char* cartlift_recommend(uint32_t engine, const char* request_json, size_t len);

// The same response without a copy: the text lives in a buffer the engine keeps, valid until
// the next call on this engine or its destruction, and is NOT freed by the caller; its length
// (no NUL after it) is cartlift_view_length(). For callers that read the text at once, to which
// a copy and a free per request would be pure cost.
//   const char* v = cartlift_recommend_view(e, req, req_len);
//   if (v) fwrite(v, 1, cartlift_view_length(), stdout);
const char* cartlift_recommend_view(uint32_t engine, const char* request_json, size_t len);
// Length in bytes of what the last successful cartlift_recommend_view or
// cartlift_recommend_packed returned.
size_t cartlift_view_length(void);

// The same response in the packed form (cartlift/json_writer.h: 32-bit words, then the strings),
// 4-byte aligned, in a buffer the engine keeps as above. What the JavaScript glue calls:
// js-glue/src/unpack.js makes the same objects of it as JSON.parse of the text, in half the time.
// Object keys are ids into cartlift_packed_keys(engine), which the glue reads again whenever a
// response names more keys than it holds (word 1).
//   const char* p = cartlift_recommend_packed(e, req, req_len);  // cartlift_view_length() bytes
const char* cartlift_recommend_packed(uint32_t engine, const char* request_json, size_t len);
// The keys of the engine's packed objects by id: a malloc'd JSON array of strings; caller frees.
char* cartlift_packed_keys(uint32_t engine);

// Bundle summary (counts, provenance) as JSON; caller frees. NULL on error.
char* cartlift_engine_info(uint32_t engine);

// Experiment arm of a visitor (UTF-8, at most 256 bytes) in the bundle's first experiment, the
// arm cartlift_recommend serves it when the request names no experiment. Returns malloc'd JSON
// the caller frees, e.g. {"experiment":"fbt-vs-control","arm":"control","control":true};
// {"experiment":null,"arm":"default","control":false} when the bundle has no experiment or the
// visitor is empty. NULL on error (over-long or invalid visitor: path "/visitor").
char* cartlift_assign_arm(uint32_t engine, const char* visitor, size_t len);

// The last error of this thread as JSON; static storage valid until the next call.
const char* cartlift_last_error(void);

// Buffers handed across the boundary.
void* cartlift_alloc(size_t len);
void cartlift_free(void* ptr);

#ifdef __cplusplus
}
#endif
