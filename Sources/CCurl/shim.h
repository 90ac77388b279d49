// libcurl, opened with dlopen on first use, and typed wrappers around its calls.
//
// The binary does not link libcurl: loading it and its ~30 dependencies (TLS, HTTP/2, LDAP, Kerberos...) at
// start-up cost more than half of a cold start and ~8 MiB, and `initialize`, `tools/list` and the sandbox never
// use the network. The table below holds the functions once resolved; every wrapper takes it explicitly, so
// there is exactly one table, owned by the Swift side. Only `static inline` functions live here: a system
// library target compiles no C files. Variadic calls (setopt, getinfo) go through properly variadic function
// pointer types, as the C calling convention requires.
#ifndef ZB_CURL_SHIM_H
#define ZB_CURL_SHIM_H

#include <curl/curl.h>
#include <dlfcn.h>

typedef size_t (*zb_curl_data_callback)(char *_Nonnull, size_t, size_t, void *_Nullable);
typedef int (*zb_curl_xferinfo_callback)(void *_Nullable, curl_off_t, curl_off_t, curl_off_t, curl_off_t);

typedef struct zb_curl_api {
    void *_Nullable global_init;
    void *_Nullable global_cleanup;
    void *_Nullable easy_init;
    void *_Nullable easy_cleanup;
    void *_Nullable easy_reset;
    void *_Nullable easy_perform;
    void *_Nullable easy_setopt;
    void *_Nullable easy_getinfo;
    void *_Nullable easy_strerror;
    void *_Nullable slist_append;
    void *_Nullable slist_free_all;
    void *_Nullable free;
    void *_Nullable url;
    void *_Nullable url_cleanup;
    void *_Nullable url_get;
    void *_Nullable url_set;
    void *_Nullable url_strerror;
    void *_Nullable multi_init;
    void *_Nullable multi_cleanup;
    void *_Nullable multi_add_handle;
    void *_Nullable multi_remove_handle;
    void *_Nullable multi_perform;
    void *_Nullable multi_poll;
    void *_Nullable multi_wakeup;
    void *_Nullable multi_info_read;
} zb_curl_api;

/// Opens libcurl and resolves every function into `api`. Returns NULL on success, else what went wrong.
static inline const char *_Nullable zb_curl_api_load(zb_curl_api *_Nonnull api) {
    static const char *const libraries[] = {
#ifdef __APPLE__
        "/usr/lib/libcurl.4.dylib", "libcurl.4.dylib", "libcurl.dylib",
#else
        "libcurl.so.4", "libcurl.so", "libcurl-gnutls.so.4",
#endif
    };
    void *library = NULL;
    for (size_t index = 0; index < sizeof(libraries) / sizeof(libraries[0]) && library == NULL; index++) {
        library = dlopen(libraries[index], RTLD_NOW | RTLD_LOCAL);
    }
    if (library == NULL) {
        const char *reason = dlerror();
        return reason != NULL ? reason : "libcurl was not found";
    }
#define ZB_RESOLVE(field, symbol) \
    if ((api->field = dlsym(library, symbol)) == NULL) return "the installed libcurl lacks " symbol;
    ZB_RESOLVE(global_init, "curl_global_init")
    ZB_RESOLVE(global_cleanup, "curl_global_cleanup")
    ZB_RESOLVE(easy_init, "curl_easy_init")
    ZB_RESOLVE(easy_cleanup, "curl_easy_cleanup")
    ZB_RESOLVE(easy_reset, "curl_easy_reset")
    ZB_RESOLVE(easy_perform, "curl_easy_perform")
    ZB_RESOLVE(easy_setopt, "curl_easy_setopt")
    ZB_RESOLVE(easy_getinfo, "curl_easy_getinfo")
    ZB_RESOLVE(easy_strerror, "curl_easy_strerror")
    ZB_RESOLVE(slist_append, "curl_slist_append")
    ZB_RESOLVE(slist_free_all, "curl_slist_free_all")
    ZB_RESOLVE(free, "curl_free")
    ZB_RESOLVE(url, "curl_url")
    ZB_RESOLVE(url_cleanup, "curl_url_cleanup")
    ZB_RESOLVE(url_get, "curl_url_get")
    ZB_RESOLVE(url_set, "curl_url_set")
    ZB_RESOLVE(url_strerror, "curl_url_strerror")
    ZB_RESOLVE(multi_init, "curl_multi_init")
    ZB_RESOLVE(multi_cleanup, "curl_multi_cleanup")
    ZB_RESOLVE(multi_add_handle, "curl_multi_add_handle")
    ZB_RESOLVE(multi_remove_handle, "curl_multi_remove_handle")
    ZB_RESOLVE(multi_perform, "curl_multi_perform")
    ZB_RESOLVE(multi_poll, "curl_multi_poll")
    ZB_RESOLVE(multi_wakeup, "curl_multi_wakeup")
    ZB_RESOLVE(multi_info_read, "curl_multi_info_read")
#undef ZB_RESOLVE
    return NULL;
}

typedef CURLcode (*zb_setopt_fn)(CURL *, CURLoption, ...);
typedef CURLcode (*zb_getinfo_fn)(CURL *, CURLINFO, ...);

static inline CURLcode zb_curl_global_init(const zb_curl_api *_Nonnull api, long flags) {
    return ((CURLcode(*)(long))api->global_init)(flags);
}

static inline void zb_curl_global_cleanup(const zb_curl_api *_Nonnull api) {
    ((void (*)(void))api->global_cleanup)();
}

static inline CURL *_Nullable zb_curl_easy_init(const zb_curl_api *_Nonnull api) {
    return ((CURL * (*)(void)) api->easy_init)();
}

static inline void zb_curl_easy_cleanup(const zb_curl_api *_Nonnull api, CURL *_Nonnull handle) {
    ((void (*)(CURL *))api->easy_cleanup)(handle);
}

static inline void zb_curl_easy_reset(const zb_curl_api *_Nonnull api, CURL *_Nonnull handle) {
    ((void (*)(CURL *))api->easy_reset)(handle);
}

static inline CURLcode zb_curl_easy_perform(const zb_curl_api *_Nonnull api, CURL *_Nonnull handle) {
    return ((CURLcode(*)(CURL *))api->easy_perform)(handle);
}

static inline const char *_Nonnull zb_curl_easy_strerror(const zb_curl_api *_Nonnull api, CURLcode code) {
    return ((const char *(*)(CURLcode))api->easy_strerror)(code);
}

static inline struct curl_slist *_Nullable zb_curl_slist_append(const zb_curl_api *_Nonnull api,
                                                                 struct curl_slist *_Nullable list,
                                                                 const char *_Nonnull line) {
    return ((struct curl_slist * (*)(struct curl_slist *, const char *)) api->slist_append)(list, line);
}

static inline void zb_curl_slist_free_all(const zb_curl_api *_Nonnull api, struct curl_slist *_Nullable list) {
    ((void (*)(struct curl_slist *))api->slist_free_all)(list);
}

static inline void zb_curl_free(const zb_curl_api *_Nonnull api, void *_Nullable pointer) {
    ((void (*)(void *))api->free)(pointer);
}

static inline CURLU *_Nullable zb_curl_url(const zb_curl_api *_Nonnull api) {
    return ((CURLU * (*)(void)) api->url)();
}

static inline void zb_curl_url_cleanup(const zb_curl_api *_Nonnull api, CURLU *_Nonnull handle) {
    ((void (*)(CURLU *))api->url_cleanup)(handle);
}

static inline CURLUcode zb_curl_url_get(const zb_curl_api *_Nonnull api, CURLU *_Nonnull handle, CURLUPart part,
                                        char *_Nullable *_Nonnull value, unsigned int flags) {
    return ((CURLUcode(*)(CURLU *, CURLUPart, char **, unsigned int))api->url_get)(handle, part, value, flags);
}

static inline CURLUcode zb_curl_url_set(const zb_curl_api *_Nonnull api, CURLU *_Nonnull handle, CURLUPart part,
                                        const char *_Nullable value, unsigned int flags) {
    return ((CURLUcode(*)(CURLU *, CURLUPart, const char *, unsigned int))api->url_set)(handle, part, value, flags);
}

static inline const char *_Nonnull zb_curl_url_strerror(const zb_curl_api *_Nonnull api, CURLUcode code) {
    return ((const char *(*)(CURLUcode))api->url_strerror)(code);
}

static inline CURLcode zb_curl_easy_setopt_long(const zb_curl_api *_Nonnull api, CURL *_Nonnull handle,
                                                CURLoption option, long value) {
    return ((zb_setopt_fn)api->easy_setopt)(handle, option, value);
}

static inline CURLcode zb_curl_easy_setopt_string(const zb_curl_api *_Nonnull api, CURL *_Nonnull handle,
                                                  CURLoption option, const char *_Nullable value) {
    return ((zb_setopt_fn)api->easy_setopt)(handle, option, value);
}

static inline CURLcode zb_curl_easy_setopt_pointer(const zb_curl_api *_Nonnull api, CURL *_Nonnull handle,
                                                   CURLoption option, void *_Nullable value) {
    return ((zb_setopt_fn)api->easy_setopt)(handle, option, value);
}

static inline CURLcode zb_curl_easy_setopt_off_t(const zb_curl_api *_Nonnull api, CURL *_Nonnull handle,
                                                 CURLoption option, curl_off_t value) {
    return ((zb_setopt_fn)api->easy_setopt)(handle, option, value);
}

static inline CURLcode zb_curl_easy_setopt_data_callback(const zb_curl_api *_Nonnull api, CURL *_Nonnull handle,
                                                         CURLoption option,
                                                         zb_curl_data_callback _Nullable callback) {
    return ((zb_setopt_fn)api->easy_setopt)(handle, option, callback);
}

static inline CURLcode zb_curl_easy_setopt_xferinfo_callback(const zb_curl_api *_Nonnull api,
                                                             CURL *_Nonnull handle,
                                                             zb_curl_xferinfo_callback _Nullable callback) {
    return ((zb_setopt_fn)api->easy_setopt)(handle, CURLOPT_XFERINFOFUNCTION, callback);
}

static inline CURLcode zb_curl_easy_getinfo_long(const zb_curl_api *_Nonnull api, CURL *_Nonnull handle,
                                                 CURLINFO info, long *_Nonnull value) {
    return ((zb_getinfo_fn)api->easy_getinfo)(handle, info, value);
}

static inline CURLcode zb_curl_easy_getinfo_double(const zb_curl_api *_Nonnull api, CURL *_Nonnull handle,
                                                   CURLINFO info, double *_Nonnull value) {
    return ((zb_getinfo_fn)api->easy_getinfo)(handle, info, value);
}

static inline CURLM *_Nullable zb_curl_multi_init(const zb_curl_api *_Nonnull api) {
    return ((CURLM * (*)(void)) api->multi_init)();
}

static inline CURLMcode zb_curl_multi_cleanup(const zb_curl_api *_Nonnull api, CURLM *_Nonnull multi) {
    return ((CURLMcode(*)(CURLM *))api->multi_cleanup)(multi);
}

static inline CURLMcode zb_curl_multi_add_handle(const zb_curl_api *_Nonnull api, CURLM *_Nonnull multi,
                                                 CURL *_Nonnull handle) {
    return ((CURLMcode(*)(CURLM *, CURL *))api->multi_add_handle)(multi, handle);
}

static inline CURLMcode zb_curl_multi_remove_handle(const zb_curl_api *_Nonnull api, CURLM *_Nonnull multi,
                                                    CURL *_Nonnull handle) {
    return ((CURLMcode(*)(CURLM *, CURL *))api->multi_remove_handle)(multi, handle);
}

static inline CURLMcode zb_curl_multi_perform(const zb_curl_api *_Nonnull api, CURLM *_Nonnull multi,
                                              int *_Nonnull running) {
    return ((CURLMcode(*)(CURLM *, int *))api->multi_perform)(multi, running);
}

/// Waits for activity on the multi handle's transfers, at most `timeout_ms`, or until `zb_curl_multi_wakeup`.
static inline CURLMcode zb_curl_multi_poll(const zb_curl_api *_Nonnull api, CURLM *_Nonnull multi, int timeout_ms) {
    return ((CURLMcode(*)(CURLM *, struct curl_waitfd *, unsigned int, int, int *))api->multi_poll)(
        multi, NULL, 0, timeout_ms, NULL);
}

/// Ends a `zb_curl_multi_poll` in progress on another thread; the one libcurl call that is safe to make that way.
static inline CURLMcode zb_curl_multi_wakeup(const zb_curl_api *_Nonnull api, CURLM *_Nonnull multi) {
    return ((CURLMcode(*)(CURLM *))api->multi_wakeup)(multi);
}

/// The result of the multi handle's finished transfer, if one finished; CURLE_AGAIN when none has.
static inline CURLcode zb_curl_multi_finished_result(const zb_curl_api *_Nonnull api, CURLM *_Nonnull multi) {
    int remaining = 0;
    CURLMsg *message;
    while ((message = ((CURLMsg * (*)(CURLM *, int *)) api->multi_info_read)(multi, &remaining)) != NULL) {
        if (message->msg == CURLMSG_DONE) return message->data.result;
    }
    return CURLE_AGAIN;
}

/// Restricts the protocols a transfer may use. CURLOPT_PROTOCOLS_STR exists from libcurl 7.85.0; with older
/// headers this is a no-op success, and callers check the URL scheme themselves as well.
static inline CURLcode zb_curl_easy_set_protocols(const zb_curl_api *_Nonnull api, CURL *_Nonnull handle,
                                                  const char *_Nonnull protocols) {
#if LIBCURL_VERSION_NUM >= 0x075500
    return ((zb_setopt_fn)api->easy_setopt)(handle, CURLOPT_PROTOCOLS_STR, protocols);
#else
    (void)api; (void)handle; (void)protocols;
    return CURLE_OK;
#endif
}

#endif
