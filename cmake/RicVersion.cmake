# Version and git hash are baked into a generated header so every output file
# records exactly which code wrote it.
find_package(Git QUIET)
set(RIC_GIT_HASH "unknown")
if(GIT_FOUND AND EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/.git)
  execute_process(COMMAND ${GIT_EXECUTABLE} describe --always --dirty --abbrev=12
    WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
    OUTPUT_VARIABLE RIC_GIT_HASH OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(NOT RIC_GIT_HASH)
    set(RIC_GIT_HASH "unknown")
  endif()
endif()
string(TOUPPER "${CMAKE_BUILD_TYPE}" _ric_bt)
set(RIC_BUILD_FLAGS "${CMAKE_C_COMPILER_ID} ${CMAKE_C_COMPILER_VERSION} ${CMAKE_BUILD_TYPE} ${CMAKE_C_FLAGS} ${CMAKE_C_FLAGS_${_ric_bt}}")
string(STRIP "${RIC_BUILD_FLAGS}" RIC_BUILD_FLAGS)
configure_file(${CMAKE_CURRENT_SOURCE_DIR}/cmake/ric_version.h.in
  ${CMAKE_CURRENT_BINARY_DIR}/generated/ric_version.h @ONLY)
