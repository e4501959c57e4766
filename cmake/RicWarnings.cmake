# Warnings as the project builds with them; -Werror only when asked, so a newer
# compiler's new warning does not break a user's build.
option(RICSIM_WERROR "Treat warnings as errors" OFF)
function(ric_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
    -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wno-unused-parameter)
  if(RICSIM_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
