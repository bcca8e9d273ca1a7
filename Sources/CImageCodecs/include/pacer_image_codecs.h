/*
 * PNG and JPEG files through libpng and libjpeg-turbo, for PacerTrain's ImageFile.
 *
 * Both libraries report errors by calling a function that must not return
 * (they longjmp out of it). That jump must never cross a Swift frame, so every
 * call into them happens here, between a setjmp and its return: a corrupt,
 * truncated or unsupported file comes back as a status and a one-line message,
 * never as a crash or a message on stderr.
 *
 * Threads: every function may be called from several threads at once; a
 * decoder is used by one thread at a time (it holds the file and the library
 * state of one image).
 */
#ifndef PACER_IMAGE_CODECS_H
#define PACER_IMAGE_CODECS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Statuses. */
#define PACER_IMAGE_OK 0
/* The file could not be opened or read; the message is the system's reason. */
#define PACER_IMAGE_UNREADABLE 1
/* The file is not a PNG or JPEG, is corrupt or truncated, or is a layout this
 * code does not decode; the message says which. */
#define PACER_IMAGE_MALFORMED 2

/* What to decode to, mmcv.imread's `flag` (ImageColorType on the Swift side). */
/* 3 channels, BGR; grey expanded, alpha dropped. */
#define PACER_IMAGE_COLOR 0
/* 1 channel; colour reduced to luma the way OpenCV's imread does (libpng's
 * rgb_to_gray with 0.299/0.587 for PNG, libjpeg's Y for JPEG). */
#define PACER_IMAGE_GRAYSCALE 1
/* As stored: 1 grey, 2 grey+alpha, 3 BGR, 4 BGRA (a PNG tRNS chunk becomes
 * alpha); 16-bit samples reduced to 8 by keeping the high byte. */
#define PACER_IMAGE_UNCHANGED 2

/* The room a caller gives for a message, terminating zero included. */
#define PACER_IMAGE_MESSAGE_SIZE 256

/* Extents of the pixels a decoder produces (rows, columns, channels, 8 bits each). */
typedef struct pacer_image_extents {
    int32_t height;
    int32_t width;
    int32_t channels;
} pacer_image_extents;

/* One image file opened for decoding; opaque. */
typedef struct pacer_image_decoder pacer_image_decoder;

/*
 * Opens `path` (NUL-terminated, borrowed for the call), reads its header and
 * prepares to decode to `color_type`. On PACER_IMAGE_OK, `*decoder` is a new
 * decoder (free it with pacer_image_decoder_close) and `*extents` the output's
 * extents. On any other status `*decoder` is NULL and `message` (of
 * PACER_IMAGE_MESSAGE_SIZE bytes) holds the reason, without the path.
 * Only the header is read, so a decoder opened and closed is a header check.
 */
int32_t pacer_image_decoder_open(const char *path, int32_t color_type, pacer_image_decoder **decoder,
                                 pacer_image_extents *extents, char *message);

/*
 * Decodes the whole image into `pixels`, which holds height * width * channels
 * bytes of the extents open gave, row-major, channels last. Call it once.
 * On failure `message` holds the reason; the contents of `pixels` are then
 * unspecified.
 */
int32_t pacer_image_decoder_decode(pacer_image_decoder *decoder, uint8_t *pixels, char *message);

/* Closes the file and frees the decoder; NULL is allowed. */
void pacer_image_decoder_close(pacer_image_decoder *decoder);

/*
 * Writes an 8-bit PNG of `height` x `width` pixels of `channels` (1 grey,
 * 2 grey+alpha, 3 BGR, 4 BGRA; mmcv.imwrite's order) from `pixels`
 * (row-major, channels last) to `path`. On failure the partial file is
 * removed and `message` holds the reason.
 */
int32_t pacer_png_write(const char *path, const uint8_t *pixels, int32_t height, int32_t width, int32_t channels,
                        char *message);

#ifdef __cplusplus
}
#endif

#endif /* PACER_IMAGE_CODECS_H */
