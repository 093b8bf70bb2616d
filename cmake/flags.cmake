# Compiler flags in one place; the presets only switch options.
add_library(cartlift_flags INTERFACE)
target_compile_options(cartlift_flags INTERFACE -Wall -Wextra -Wpedantic -Wshadow
  -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual -Wconversion -Wno-sign-conversion)
if(CARTLIFT_STRICT)
  target_compile_options(cartlift_flags INTERFACE -Werror)
endif()
if(CARTLIFT_SANITIZERS)
  target_compile_options(cartlift_flags INTERFACE -fsanitize=address,undefined
    -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(cartlift_flags INTERFACE -fsanitize=address,undefined)
endif()
if(EMSCRIPTEN)
  # Exceptions from nlohmann/json are caught at the C ABI; wasm exceptions keep them cheap.
  target_compile_options(cartlift_flags INTERFACE -fwasm-exceptions)
  target_link_options(cartlift_flags INTERFACE -fwasm-exceptions)
endif()
if(CARTLIFT_FUZZ)
  # Coverage instrumentation without libFuzzer's main, so the core and the C ABI are explored
  # by every fuzz target; fuzz/CMakeLists.txt adds -fsanitize=fuzzer to the executables only.
  # Recovery off: UBSan must abort for libFuzzer to keep the input as a crash.
  target_compile_options(cartlift_flags INTERFACE -g -fsanitize=address,undefined
    -fsanitize=fuzzer-no-link -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(cartlift_flags INTERFACE -fsanitize=address,undefined)
endif()
