# -DRICSIM_SANITIZE=address,undefined (or thread) builds everything instrumented.
set(RICSIM_SANITIZE "" CACHE STRING "Comma-separated sanitizers: address, undefined, thread")
if(RICSIM_SANITIZE)
  add_compile_options(-fsanitize=${RICSIM_SANITIZE} -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=${RICSIM_SANITIZE})
endif()
