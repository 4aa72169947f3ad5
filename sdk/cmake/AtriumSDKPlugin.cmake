# atrium_add_plugin(<target> SOURCES <file>... MANIFEST <plugin.json> [OUTPUT_NAME <name>]
#                   [WEB_DIR <folder>])
#
# Builds an Atrium plugin: a shared library (<name>.so, default <target>.so) that
#  - compiles <plugin.json> in as ATRIUM_PLUGIN_MANIFEST (a generated, force-included header),
#  - exports only the entry symbol (hidden visibility for everything else),
#  - links Atrium::SDK (headers only: the plugin never links kernel symbols).
#  - with WEB_DIR, copies that folder (the plugin's page modules, styles, images) to
#    <name>/web/ beside the library on every build: the server serves it at /plugins/<id>/.
# Install the .so and its <name>/web/ folder into the installation's plugins directory (plugins.dir).
include_guard(GLOBAL)
set(_ATRIUM_SDK_CMAKE_DIR "${CMAKE_CURRENT_LIST_DIR}" CACHE INTERNAL "Where the Atrium SDK CMake files are")

function(atrium_add_plugin target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "MANIFEST;OUTPUT_NAME;WEB_DIR" "SOURCES")
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "atrium_add_plugin(${target}): SOURCES is required")
  endif()
  if(NOT ARG_MANIFEST)
    message(FATAL_ERROR "atrium_add_plugin(${target}): MANIFEST (the plugin.json) is required")
  endif()
  get_filename_component(manifest "${ARG_MANIFEST}" ABSOLUTE)
  if(NOT EXISTS "${manifest}")
    message(FATAL_ERROR "atrium_add_plugin(${target}): manifest ${manifest} not found")
  endif()
  file(READ "${manifest}" ATRIUM_MANIFEST_TEXT)
  if(ATRIUM_MANIFEST_TEXT MATCHES "\\)atrium_manifest\"")
    message(FATAL_ERROR "atrium_add_plugin(${target}): the manifest must not contain ')atrium_manifest\"'")
  endif()
  set(ATRIUM_MANIFEST_PATH "${manifest}")
  set(header "${CMAKE_CURRENT_BINARY_DIR}/${target}_manifest/AtriumPluginManifest.h")
  configure_file("${_ATRIUM_SDK_CMAKE_DIR}/AtriumPluginManifest.h.in" "${header}" @ONLY)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${manifest}")

  add_library(${target} MODULE ${ARG_SOURCES})
  if(TARGET Atrium::SDK)
    target_link_libraries(${target} PRIVATE Atrium::SDK)
  endif()
  if(TARGET RapidJSON::RapidJSON)
    target_link_libraries(${target} PRIVATE RapidJSON::RapidJSON)
  elseif(DEFINED RAPIDJSON_INCLUDE_DIRS)
    target_include_directories(${target} SYSTEM PRIVATE ${RAPIDJSON_INCLUDE_DIRS})
  endif()
  target_compile_features(${target} PRIVATE cxx_std_17)
  target_compile_options(${target} PRIVATE "SHELL:-include \"${header}\"")
  set(name "${target}")
  if(ARG_OUTPUT_NAME)
    set(name "${ARG_OUTPUT_NAME}")
  endif()
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    OUTPUT_NAME "${name}"
    CXX_VISIBILITY_PRESET hidden
    C_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    POSITION_INDEPENDENT_CODE ON)
  if(ARG_WEB_DIR)
    get_filename_component(web "${ARG_WEB_DIR}" ABSOLUTE)
    if(NOT IS_DIRECTORY "${web}")
      message(FATAL_ERROR "atrium_add_plugin(${target}): WEB_DIR ${web} is not a folder")
    endif()
    # a target of its own that always runs, so an edited page module needs no relink
    add_custom_target(${target}_web ALL
      COMMAND "${CMAKE_COMMAND}" -E copy_directory "${web}" "$<TARGET_FILE_DIR:${target}>/${name}/web"
      COMMENT "Copying the web assets of ${target}" VERBATIM)
    add_dependencies(${target}_web ${target})
  endif()
  if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
    # fail at link time, not at load time, on a symbol the plugin forgot to define
    target_link_options(${target} PRIVATE "LINKER:--no-undefined")
  endif()
endfunction()
