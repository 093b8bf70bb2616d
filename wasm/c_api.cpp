// The C ABI over the two façades. Every entry point catches everything: an exception reaching
// JavaScript would abort the wasm instance and take the shopper's page state with it.
#include "c_api.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cartlift/bundle/bundle_binary.h"
#include "cartlift/engine.h"
#include "cartlift/json_writer.h"

#if defined(__EMSCRIPTEN__)
// dlmalloc's (emscripten's default allocator); declared in no header.
extern "C" void* realloc_in_place(void* p, std::size_t n);
#endif

namespace {

using cartlift::Error;
using cartlift::ErrorCode;

constexpr std::uint32_t kAbiVersion = 4;  // 2: cartlift_recommend_view; 3: cartlift_recommend_packed; 4: cartlift_engine_create_owned

thread_local std::string g_last_error = R"({"code":"internal","message":"no error","path":""})";
// A page holds one engine, a worker a few: a scanned list, without a hash table's code in the module.
std::vector<std::pair<std::uint32_t, std::unique_ptr<cartlift::Engine>>> g_engines;
std::uint32_t g_next_handle = 1;
std::size_t g_view_length = 0;

// Through the response writer (invalid UTF-8 becomes U+FFFD there too): a JSON DOM here was the
// only use of nlohmann's std::map flavour in the module, 3 KB of its gzip size.
void SetError(const Error& e) {
  cartlift::JsonWriter w;
  w.BeginObject();
  w.Key("code");
  w.String(cartlift::ErrorCodeName(e.code));
  w.Key("message");
  w.String(e.message);
  w.Key("path");
  w.String(e.path);
  w.EndObject();
  g_last_error = w.Take();
}

void SetError(ErrorCode code, const std::string& message) { SetError(cartlift::MakeError(code, message, "")); }

char* CopyOut(std::string_view s) {
  char* out = static_cast<char*>(std::malloc(s.size() + 1));
  if (!out) {
    SetError(ErrorCode::kLimitExceeded, "out of memory");
    return nullptr;
  }
  std::memcpy(out, s.data(), s.size());
  out[s.size()] = '\0';
  return out;
}

auto Slot(std::uint32_t handle) {
  return std::find_if(g_engines.begin(), g_engines.end(), [&](const auto& e) { return e.first == handle; });
}

cartlift::Engine* Find(std::uint32_t handle) {
  auto it = Slot(handle);
  if (it == g_engines.end()) {
    SetError(ErrorCode::kInvalidHandle, "engine handle is unknown or already destroyed");
    return nullptr;
  }
  return it->second.get();
}

template <typename F>
auto Guard(F&& f, decltype(f()) on_error) noexcept -> decltype(f()) {
  try {
    return f();
  } catch (const std::bad_alloc&) {
    SetError(ErrorCode::kLimitExceeded, "out of memory");
  } catch (const std::exception& e) {
    SetError(ErrorCode::kInternal, e.what());
  } catch (...) {
    SetError(ErrorCode::kInternal, "unknown failure");
  }
  return on_error;
}

// The response of `engine` to the request, in the engine's buffer: JSON text in ASCII, or the
// packed form the JavaScript glue reads; nullopt with the error set.
std::optional<std::string_view> Respond(uint32_t engine, const char* request_json, size_t len, bool packed) {
  cartlift::Engine* e = Find(engine);
  if (!e) return std::nullopt;
  if (!request_json && len) {
    SetError(ErrorCode::kInvalidValue, "null request pointer");
    return std::nullopt;
  }
  const std::string_view request(request_json ? request_json : "", len);
  auto out = packed ? e->RecommendPackedView(request) : e->RecommendJsonView(request, true);
  if (!out.ok()) {
    SetError(out.error());
    return std::nullopt;
  }
  return out.value();
}

// Gives the bytes of a malloc'd buffer past `keep` back to the allocator without moving the rest
// (a bundle that took the buffer views it). Only dlmalloc, the wasm module's allocator, can shrink
// a block in place; elsewhere the buffer stays whole.
void ReleaseTail(void* buffer, std::size_t keep) {
#if defined(__EMSCRIPTEN__)
  (void)realloc_in_place(buffer, keep);
#else
  (void)buffer;
  (void)keep;
#endif
}

// The response left in the engine's buffer, its length in g_view_length.
const char* RespondInPlace(uint32_t engine, const char* request_json, size_t len, bool packed) {
  return Guard(
      [&]() -> const char* {
        const std::optional<std::string_view> out = Respond(engine, request_json, len, packed);
        if (!out) return nullptr;
        g_view_length = out->size();
        return out->data();
      },
      static_cast<const char*>(nullptr));
}

}  // namespace

extern "C" {

uint32_t cartlift_abi_version(void) { return kAbiVersion; }

const char* cartlift_version(void) { return CARTLIFT_VERSION; }

uint32_t cartlift_engine_create(const uint8_t* bytes, size_t len) {
  if (!bytes && len) return cartlift_engine_create_owned(nullptr, len);  // the same typed error
  // One load path: a copy handed over (binary bundles then read their entries from it in place).
  auto* copy = static_cast<uint8_t*>(std::malloc(len ? len : 1));
  if (!copy) {
    SetError(ErrorCode::kLimitExceeded, "out of memory");
    return 0;
  }
  if (len) std::memcpy(copy, bytes, len);
  return cartlift_engine_create_owned(copy, len);
}

uint32_t cartlift_engine_create_owned(uint8_t* bytes, size_t len) {
  // Owned from the first line: every way out, a throw included, frees what the engine did not keep.
  cartlift::HeldBytes held(bytes, &std::free);
  return Guard(
      [&]() -> std::uint32_t {
        if (!bytes && len) {
          SetError(ErrorCode::kInvalidValue, "null bundle pointer");
          return 0;
        }
        std::size_t kept = len;
        auto bundle = cartlift::ReadBundle(std::string_view(reinterpret_cast<const char*>(bytes), len), &held, &kept);
        if (!bundle.ok()) {
          SetError(bundle.error());
          return 0;
        }
        // Before the engine's own setup allocates: that then reuses the freed bytes instead of
        // growing a heap that never shrinks.
        if (!held && kept < len) ReleaseTail(bytes, kept);
        auto engine = cartlift::Engine::FromBundle(std::move(bundle).value());
        const std::uint32_t handle = g_next_handle++;
        if (g_next_handle == 0) g_next_handle = 1;
        g_engines.emplace_back(handle, std::move(engine));
        return handle;
      },
      0u);
}

void cartlift_engine_destroy(uint32_t engine) {
  Guard(
      [&]() {
        auto it = Slot(engine);
        if (it != g_engines.end()) g_engines.erase(it);
        return 0;
      },
      0);
}

char* cartlift_recommend(uint32_t engine, const char* request_json, size_t len) {
  return Guard(
      [&]() -> char* {
        const std::optional<std::string_view> out = Respond(engine, request_json, len, false);
        return out ? CopyOut(*out) : nullptr;
      },
      static_cast<char*>(nullptr));
}

const char* cartlift_recommend_view(uint32_t engine, const char* request_json, size_t len) {
  return RespondInPlace(engine, request_json, len, false);
}

const char* cartlift_recommend_packed(uint32_t engine, const char* request_json, size_t len) {
  return RespondInPlace(engine, request_json, len, true);
}

char* cartlift_packed_keys(uint32_t engine) {
  return Guard(
      [&]() -> char* {
        cartlift::Engine* e = Find(engine);
        return e ? CopyOut(e->PackedKeysJson()) : nullptr;
      },
      static_cast<char*>(nullptr));
}

size_t cartlift_view_length(void) { return g_view_length; }

char* cartlift_engine_info(uint32_t engine) {
  return Guard(
      [&]() -> char* {
        cartlift::Engine* e = Find(engine);
        return e ? CopyOut(e->InfoJson()) : nullptr;
      },
      static_cast<char*>(nullptr));
}

char* cartlift_assign_arm(uint32_t engine, const char* visitor, size_t len) {
  return Guard(
      [&]() -> char* {
        cartlift::Engine* e = Find(engine);
        if (!e) return nullptr;
        if (!visitor && len) {
          SetError(ErrorCode::kInvalidValue, "null visitor pointer");
          return nullptr;
        }
        // The bundle's first experiment: the one Recommend serves when a request names none.
        auto out = e->AssignArmJson(std::string_view(visitor ? visitor : "", len));
        if (!out.ok()) {
          SetError(out.error());
          return nullptr;
        }
        return CopyOut(out.value());
      },
      static_cast<char*>(nullptr));
}

const char* cartlift_last_error(void) { return g_last_error.c_str(); }

void* cartlift_alloc(size_t len) { return std::malloc(len ? len : 1); }

void cartlift_free(void* ptr) { std::free(ptr); }

}  // extern "C"
