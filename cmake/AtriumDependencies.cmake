# Third-party packages, all from Debian (see scripts/packages-*.txt).
find_package(Threads REQUIRED)
find_package(Poco 1.11 REQUIRED COMPONENTS Foundation Util Net NetSSL Crypto JSON)
find_package(OpenSSL 3 REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(RapidJSON REQUIRED)
find_package(MySQLConnectorCpp REQUIRED)
find_package(Argon2 REQUIRED)
find_package(Zxcvbn REQUIRED)
find_package(Boost 1.74 REQUIRED)
find_package(date REQUIRED) # Howard Hinnant's date/tz on the OS tz database (IANA zones, DST) # Boost.DLL is header-only (used with std::filesystem)

# RapidJSON's Debian config only sets variables; give it a target.
if(NOT TARGET RapidJSON::RapidJSON)
  add_library(RapidJSON::RapidJSON INTERFACE IMPORTED)
  set_target_properties(RapidJSON::RapidJSON PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${RAPIDJSON_INCLUDE_DIRS}"
    INTERFACE_COMPILE_DEFINITIONS "RAPIDJSON_HAS_STDSTRING=1")
endif()
