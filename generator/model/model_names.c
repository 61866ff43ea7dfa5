#include "model.h"

const char *member_type_name(enum member_type t)
{
    switch (t) {
    case MEMBER_STRING: return "string";
    case MEMBER_INTEGER: return "integer";
    case MEMBER_NUMBER: return "number";
    case MEMBER_BOOLEAN: return "boolean";
    case MEMBER_ARRAY: return "array";
    case MEMBER_OBJECT: return "object";
    }
    return "?";
}

const char *string_format_name(enum string_format f)
{
    switch (f) {
    case FORMAT_NONE: return NULL;
    case FORMAT_URI: return "uri";
    case FORMAT_UUID: return "uuid";
    case FORMAT_DATE_TIME: return "date-time";
    case FORMAT_EMAIL: return "email";
    }
    return NULL;
}
