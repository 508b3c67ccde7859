// Debian builds libxml2 with ICU, so its encoding.h pulls in the system's <unicode/*.h>, which
// clash with the ICU copy Foundation ships (_FoundationICU) as soon as one Swift module imports
// both. Nothing here touches ICU-specific struct fields, so libxml2 is seen without ICU.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

// Swift 6 rejects libxml2's mutable global `xmlFree`; a function is safe to call.
static inline void sitegen_xml_free(void *pointer) { xmlFree(pointer); }
