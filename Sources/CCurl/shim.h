// Typed wrappers around libcurl's variadic calls, which Swift cannot call directly.
// Only `static inline` functions live here: a system library target compiles no C files.
#ifndef ZB_CURL_SHIM_H
#define ZB_CURL_SHIM_H

#include <curl/curl.h>

typedef size_t (*zb_curl_data_callback)(char *_Nonnull, size_t, size_t, void *_Nullable);
typedef int (*zb_curl_xferinfo_callback)(void *_Nullable, curl_off_t, curl_off_t, curl_off_t, curl_off_t);

static inline CURLcode zb_curl_easy_setopt_long(CURL *_Nonnull handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode zb_curl_easy_setopt_string(CURL *_Nonnull handle, CURLoption option,
                                                  const char *_Nullable value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode zb_curl_easy_setopt_pointer(CURL *_Nonnull handle, CURLoption option,
                                                   void *_Nullable value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode zb_curl_easy_setopt_off_t(CURL *_Nonnull handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode zb_curl_easy_setopt_data_callback(CURL *_Nonnull handle, CURLoption option,
                                                         zb_curl_data_callback _Nullable callback) {
    return curl_easy_setopt(handle, option, callback);
}

static inline CURLcode zb_curl_easy_setopt_xferinfo_callback(CURL *_Nonnull handle,
                                                             zb_curl_xferinfo_callback _Nullable callback) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
}

static inline CURLcode zb_curl_easy_getinfo_long(CURL *_Nonnull handle, CURLINFO info, long *_Nonnull value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode zb_curl_easy_getinfo_string(CURL *_Nonnull handle, CURLINFO info,
                                                   char *_Nullable *_Nonnull value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode zb_curl_easy_getinfo_double(CURL *_Nonnull handle, CURLINFO info, double *_Nonnull value) {
    return curl_easy_getinfo(handle, info, value);
}

/// Whether this libcurl understands CURLOPT_PROTOCOLS_STR (7.85.0 and later).
static inline int zb_curl_has_protocols_str(void) {
#if LIBCURL_VERSION_NUM >= 0x075500
    return 1;
#else
    return 0;
#endif
}

/// Restricts the protocols a transfer may use; a no-op success on libcurl older than 7.85.0,
/// where callers fall back to checking the URL scheme themselves.
static inline CURLcode zb_curl_easy_set_protocols(CURL *_Nonnull handle, const char *_Nonnull protocols) {
#if LIBCURL_VERSION_NUM >= 0x075500
    return curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, protocols);
#else
    (void)handle; (void)protocols;
    return CURLE_OK;
#endif
}

#endif
