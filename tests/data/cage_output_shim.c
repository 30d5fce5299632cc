/* Test-only LD_PRELOAD shim for cage 0.1.4 / wlroots 0.15 (tests/test_cage_session.py):
 * 1. the headless output's size from KIOSK_TEST_OUTPUT ("1920x1080"; wlroots hard-codes 1280x720);
 * 2. no direct scan-out of the client's buffer: cage 0.1.4 then leaves its own swapchain buffer stale and a
 *    screencopy (grim) returns the first composed frame instead of what is on the output. Cage's scan-out
 *    attach is refused by failing its commit, so cage composes every frame like a compositor without scan-out. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct wlr_backend;
struct wlr_output;
struct wlr_buffer;

static struct wlr_output *refused;

struct wlr_output *wlr_headless_add_output(struct wlr_backend *b, unsigned int w, unsigned int h) {
    struct wlr_output *(*real)(struct wlr_backend *, unsigned int, unsigned int) =
        (struct wlr_output *(*)(struct wlr_backend *, unsigned int, unsigned int))dlsym(RTLD_NEXT, "wlr_headless_add_output");
    const char *size = getenv("KIOSK_TEST_OUTPUT");
    unsigned int width, height;
    if (size && sscanf(size, "%ux%u", &width, &height) == 2) {
        w = width;
        h = height;
    }
    return real(b, w, h);
}

static bool from_compositor(void *caller) {
    Dl_info info;
    return dladdr(caller, &info) && info.dli_fname && !strstr(info.dli_fname, "libwlroots");
}

void wlr_output_attach_buffer(struct wlr_output *output, struct wlr_buffer *buffer) {
    void (*real)(struct wlr_output *, struct wlr_buffer *) =
        (void (*)(struct wlr_output *, struct wlr_buffer *))dlsym(RTLD_NEXT, "wlr_output_attach_buffer");
    if (from_compositor(__builtin_return_address(0))) {
        refused = output;  /* cage's direct scan-out: its commit fails below */
        return;
    }
    real(output, buffer);
}

bool wlr_output_commit(struct wlr_output *output) {
    bool (*real)(struct wlr_output *) = (bool (*)(struct wlr_output *))dlsym(RTLD_NEXT, "wlr_output_commit");
    if (refused == output && from_compositor(__builtin_return_address(0))) {
        refused = NULL;
        void (*rollback)(struct wlr_output *) = (void (*)(struct wlr_output *))dlsym(RTLD_NEXT, "wlr_output_rollback");
        rollback(output);
        return false;
    }
    return real(output);
}
