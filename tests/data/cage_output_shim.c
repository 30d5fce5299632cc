/* Test-only LD_PRELOAD shim for cage 0.1.4 / wlroots 0.15 (tests/test_cage_session.py):
 * 1. the headless output's size from KIOSK_TEST_OUTPUT ("1920x1080"; wlroots hard-codes 1280x720);
 * 2. no direct scan-out of the client's buffer: cage 0.1.4 then leaves its own swapchain buffer stale and a
 *    screencopy (grim) returns the first composed frame instead of what is on the output. Cage's scan-out
 *    attach is refused by failing its commit, so cage composes every frame like a compositor without scan-out;
 * 3. a keyboard on the headless backend (which has no input devices) fed from the FIFO named by KIOSK_TEST_KEYS:
 *    each line an evdev key code, pressed and released on cage's event loop. cage 0.1.4 has no virtual-keyboard
 *    protocol (wtype cannot work), so the test walks the kiosk's screens with its keypad keys through this. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdint.h>
#include <unistd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct wlr_backend;
struct wlr_output;
struct wlr_buffer;
struct wlr_keyboard;
struct wlr_keyboard_group;
struct wl_display;
struct wl_event_loop;
struct wl_event_source;

struct key_event {  /* struct wlr_event_keyboard_key of wlroots 0.15 */
    uint32_t time_msec;
    uint32_t keycode;
    bool update_state;
    uint32_t state;  /* enum wl_keyboard_key_state: 0 released, 1 pressed */
};

static struct wl_display *display;
static struct wlr_keyboard *keyboard;
static char pending[256];
static size_t used;

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

struct wl_display *wl_display_create(void) {
    struct wl_display *(*real)(void) = (struct wl_display *(*)(void))dlsym(RTLD_NEXT, "wl_display_create");
    display = real();
    return display;
}

bool wlr_keyboard_group_add_keyboard(struct wlr_keyboard_group *group, struct wlr_keyboard *kb) {
    bool (*real)(struct wlr_keyboard_group *, struct wlr_keyboard *) =
        (bool (*)(struct wlr_keyboard_group *, struct wlr_keyboard *))dlsym(RTLD_NEXT, "wlr_keyboard_group_add_keyboard");
    if (!keyboard)
        keyboard = kb;  /* cage puts every keyboard in its group: the first one is ours */
    return real(group, kb);
}

static void press(uint32_t code) {
    void (*notify)(struct wlr_keyboard *, struct key_event *) =
        (void (*)(struct wlr_keyboard *, struct key_event *))dlsym(RTLD_NEXT, "wlr_keyboard_notify_key");
    static uint32_t clock;
    struct key_event down = {clock += 10, code, true, 1}, up = {clock += 10, code, true, 0};
    if (keyboard) {
        notify(keyboard, &down);
        notify(keyboard, &up);
    }
}

static int keys_readable(int fd, uint32_t mask, void *data) {
    (void)mask;
    (void)data;
    ssize_t n = read(fd, pending + used, sizeof(pending) - 1 - used);
    if (n <= 0)
        return 0;
    used += (size_t)n;
    pending[used] = 0;
    char *line = pending, *end;
    while ((end = strchr(line, '\n'))) {
        *end = 0;
        press((uint32_t)strtoul(line, NULL, 10));
        line = end + 1;
    }
    used = strlen(line);
    memmove(pending, line, used + 1);
    return 0;
}

static void add_keyboard(struct wlr_backend *b, void *data) {
    (void)data;
    bool (*is_headless)(struct wlr_backend *) = (bool (*)(struct wlr_backend *))dlsym(RTLD_NEXT, "wlr_backend_is_headless");
    void *(*add_input)(struct wlr_backend *, int) =
        (void *(*)(struct wlr_backend *, int))dlsym(RTLD_NEXT, "wlr_headless_add_input_device");
    if (is_headless(b))
        add_input(b, 0);  /* WLR_INPUT_DEVICE_KEYBOARD */
}

bool wlr_backend_start(struct wlr_backend *backend) {
    bool (*real)(struct wlr_backend *) = (bool (*)(struct wlr_backend *))dlsym(RTLD_NEXT, "wlr_backend_start");
    const char *fifo = getenv("KIOSK_TEST_KEYS");
    if (fifo && *fifo && display) {
        void (*each)(struct wlr_backend *, void (*)(struct wlr_backend *, void *), void *) =
            (void (*)(struct wlr_backend *, void (*)(struct wlr_backend *, void *), void *))dlsym(RTLD_NEXT, "wlr_multi_for_each_backend");
        struct wl_event_loop *(*get_loop)(struct wl_display *) =
            (struct wl_event_loop *(*)(struct wl_display *))dlsym(RTLD_NEXT, "wl_display_get_event_loop");
        struct wl_event_source *(*add_fd)(struct wl_event_loop *, int, uint32_t, int (*)(int, uint32_t, void *), void *) =
            (struct wl_event_source *(*)(struct wl_event_loop *, int, uint32_t, int (*)(int, uint32_t, void *), void *))
            dlsym(RTLD_NEXT, "wl_event_loop_add_fd");
        bool (*is_multi)(struct wlr_backend *) = (bool (*)(struct wlr_backend *))dlsym(RTLD_NEXT, "wlr_backend_is_multi");
        if (is_multi(backend))
            each(backend, add_keyboard, NULL);
        else
            add_keyboard(backend, NULL);  /* WLR_BACKENDS=headless: the headless backend itself */
        int fd = open(fifo, O_RDWR | O_NONBLOCK);  /* read-write: no end-of-file while the test has not opened it */
        if (fd >= 0)
            add_fd(get_loop(display), fd, 1 /* WL_EVENT_READABLE */, keys_readable, NULL);
    }
    return real(backend);
}
