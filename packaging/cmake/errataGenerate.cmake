# errata_generate(): generate code (and docs) from an errata catalog at build
# time, with the depfile errata writes, so that an edited catalog, included
# catalog or override template regenerates, and nothing else does.
#
#   errata_generate(OUT_VAR CATALOG file
#                   [LANG c|ts ...]      errata generate --lang (default c;
#                                        none when DOCS comes alone)
#                   [DOCS]               NAME_errors.md and .html (errata docs)
#                   [INCLUDE_DIRS dir ...]   -I: where included catalogs are
#                   [TEMPLATES dir]      --templates: override templates
#                   [NAME name]          the catalog's name: (read from it)
#                   [OUTPUT_DIR dir])    default CMAKE_CURRENT_BINARY_DIR
#
# OUT_VAR is set to the generated files (NAME_errors.h and .c for c,
# NAME_errors.ts for ts, NAME_errors.md and .html for DOCS): list them among
# a target's sources, and put OUTPUT_DIR on its include path. The per-error
# pages (SLUG.html) are left out: their names depend on the catalog's
# content (run errata docs for them). Relative paths are taken from
# CMAKE_CURRENT_SOURCE_DIR.
#
# The output names come from the catalog's top-level `name:`, read when CMake
# configures: after renaming a catalog, run CMake again (or pass NAME).
# DEPFILE needs CMake 3.20 with the Ninja and Makefile generators.

cmake_policy(PUSH)
cmake_policy(VERSION 3.20)

function(errata_generate out_var)
  cmake_parse_arguments(PARSE_ARGV 1 arg "DOCS" "CATALOG;TEMPLATES;NAME;OUTPUT_DIR"
    "LANG;INCLUDE_DIRS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "errata_generate: unknown arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT arg_CATALOG)
    message(FATAL_ERROR "errata_generate: CATALOG is required")
  endif()
  if(NOT TARGET errata::generator)
    message(FATAL_ERROR "errata_generate: no errata::generator (find_package(errata) first)")
  endif()

  get_filename_component(catalog "${arg_CATALOG}" ABSOLUTE
    BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT EXISTS "${catalog}")
    message(FATAL_ERROR "errata_generate: no catalog ${catalog}")
  endif()
  set(outdir "${CMAKE_CURRENT_BINARY_DIR}")
  if(arg_OUTPUT_DIR)
    get_filename_component(outdir "${arg_OUTPUT_DIR}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  endif()

  set(name "${arg_NAME}")
  if(NOT name)
    file(STRINGS "${catalog}" name_line REGEX "^name:" LIMIT_COUNT 1)
    if(NOT name_line MATCHES "^name:[ \t]*[\"']?([A-Za-z_][A-Za-z0-9_]*)")
      message(FATAL_ERROR "errata_generate: no top-level `name:` in ${catalog}; pass NAME")
    endif()
    set(name "${CMAKE_MATCH_1}")
  endif()

  set(langs "${arg_LANG}")
  if(NOT langs AND NOT arg_DOCS)
    set(langs c)
  endif()
  set(outputs "")
  foreach(lang IN LISTS langs)
    if(lang STREQUAL "c")
      list(APPEND outputs "${outdir}/${name}_errors.h" "${outdir}/${name}_errors.c")
    elseif(lang STREQUAL "ts")
      list(APPEND outputs "${outdir}/${name}_errors.ts")
    else()
      message(FATAL_ERROR "errata_generate: LANG ${lang}: expected c or ts")
    endif()
  endforeach()

  set(common "")
  foreach(dir IN LISTS arg_INCLUDE_DIRS)
    get_filename_component(dir "${dir}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND common -I "${dir}")
  endforeach()
  if(arg_TEMPLATES)
    get_filename_component(templates "${arg_TEMPLATES}" ABSOLUTE
      BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND common --templates "${templates}")
  endif()

  file(MAKE_DIRECTORY "${outdir}")
  if(langs)
    list(JOIN langs "," lang_arg)
    _errata_command("${name}_errors" "${outputs}" "${catalog}" generate -o "${outdir}"
      --lang "${lang_arg}" ${common})
  endif()
  if(arg_DOCS)
    # errata docs, not generate --docs: its --format leaves out the per-error
    # pages, whose names a build cannot know before reading the catalog.
    set(docs "${outdir}/${name}_errors.md" "${outdir}/${name}_errors.html")
    _errata_command("${name}_docs" "${docs}" "${catalog}" docs -o "${outdir}"
      --format md,html ${common})
    list(APPEND outputs ${docs})
  endif()
  set(${out_var} ${outputs} PARENT_SCOPE)
endfunction()

# One custom command: OUTPUTS from `errata COMMAND CATALOG ARGS...`, with
# the depfile STEM.d beside them (the code and the docs of one catalog each
# have their own). The build prints "errata: COMMAND STEM".
function(_errata_command stem outputs catalog command)
  list(GET outputs 0 first)
  get_filename_component(outdir "${first}" DIRECTORY)
  set(depfile "${outdir}/${stem}.d")
  # errata rewrites only the files whose content changed. Ninja looks at the
  # outputs again after the command (restat), so what did not change is not
  # recompiled; Make does not, and would rerun errata on every build after
  # an edit that changes no output: there, the outputs are touched.
  set(touch "")
  if(NOT CMAKE_GENERATOR MATCHES "Ninja")
    set(touch COMMAND "${CMAKE_COMMAND}" -E touch_nocreate ${outputs})
  endif()
  add_custom_command(OUTPUT ${outputs}
    COMMAND errata::generator ${command} "${catalog}" ${ARGN} --depfile "${depfile}"
    ${touch}
    DEPENDS "${catalog}" errata::generator
    DEPFILE "${depfile}"
    COMMENT "errata: ${command} ${stem} (${catalog})"
    VERBATIM)
endfunction()

cmake_policy(POP)
