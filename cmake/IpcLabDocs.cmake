# The API reference: `cmake --build build --target docs` runs Doxygen over the API headers
# (IPCLAB_API_HEADERS) and writes build/docs/api/html/index.html. Optional: without doxygen
# (Debian: doxygen) there is no docs target and nothing else changes.
find_package(Doxygen QUIET)
if(NOT DOXYGEN_FOUND)
    message(STATUS "docs: doxygen not found, so no API reference target (Debian: doxygen)")
    return()
endif()

set(DOXYGEN_PROJECT_NAME "IPC Lab")
set(DOXYGEN_PROJECT_NUMBER ${PROJECT_VERSION})
set(DOXYGEN_PROJECT_BRIEF ${PROJECT_DESCRIPTION})
set(DOXYGEN_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/docs/api)
set(DOXYGEN_USE_MDFILE_AS_MAINPAGE README.md)
set(DOXYGEN_IMAGE_PATH docs/screenshots docs/bench)
# The headers explain themselves in plain // comments (STYLE.md); the filter hands them to
# Doxygen as /// comments, so the reference says what the headers say.
set(DOXYGEN_INPUT_FILTER "sed -E -f ${CMAKE_CURRENT_LIST_DIR}/doxygen-comments.sed")
set(DOXYGEN_EXTRACT_ALL YES)
set(DOXYGEN_EXTRACT_STATIC YES)
set(DOXYGEN_WARN_IF_UNDOCUMENTED NO)
set(DOXYGEN_QUIET YES)
set(DOXYGEN_FULL_PATH_NAMES NO)
set(DOXYGEN_ENABLE_PREPROCESSING YES)
set(DOXYGEN_MACRO_EXPANSION YES)
set(DOXYGEN_EXPAND_ONLY_PREDEF YES)
set(DOXYGEN_PREDEFINED
    "Q_OBJECT=" "Q_GADGET=" "Q_SIGNALS=public" "Q_SLOTS=" "Q_INVOKABLE="
    "Q_PROPERTY(x)=" "Q_ENUM(x)=" "Q_MOC_INCLUDE(x)=" "Q_DECLARE_METATYPE(x)="
    "Q_DECLARE_LOGGING_CATEGORY(x)=" "Q_DECLARE_PRIVATE(x)=")

list(TRANSFORM IPCLAB_API_HEADERS PREPEND ${PROJECT_SOURCE_DIR}/ OUTPUT_VARIABLE docs_inputs)
doxygen_add_docs(docs ${docs_inputs} ${PROJECT_SOURCE_DIR}/README.md
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    COMMENT "API reference (Doxygen) into ${DOXYGEN_OUTPUT_DIRECTORY}/html")
