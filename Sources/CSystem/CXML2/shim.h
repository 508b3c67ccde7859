#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

// Swift 6 rejects libxml2's mutable global `xmlFree`; a function is safe to call.
static inline void sitegen_xml_free(void *pointer) { xmlFree(pointer); }
