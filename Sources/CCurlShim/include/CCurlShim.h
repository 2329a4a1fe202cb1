#ifndef PAYDESK_CCURLSHIM_H
#define PAYDESK_CCURLSHIM_H
// Typed wrappers for libcurl's variadic curl_easy_setopt / curl_easy_getinfo, which Swift cannot call.
#include <curl/curl.h>

CURLcode pd_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode pd_curl_setopt_off(CURL *handle, CURLoption option, curl_off_t value);
CURLcode pd_curl_setopt_str(CURL *handle, CURLoption option, const char *value);
CURLcode pd_curl_setopt_ptr(CURL *handle, CURLoption option, void *value);
CURLcode pd_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
/// Installs a write (or header) callback: `callback(data, size, nmemb, userdata)` with `userdata` passed through.
CURLcode pd_curl_setopt_writefunction(CURL *handle, CURLoption option,
                                      size_t (*callback)(char *, size_t, size_t, void *));
CURLcode pd_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode pd_curl_getinfo_double(CURL *handle, CURLINFO info, double *value);
#endif
