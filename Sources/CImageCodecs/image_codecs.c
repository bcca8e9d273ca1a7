/*
 * PNG and JPEG decoding and PNG writing; see include/pacer_image_codecs.h.
 *
 * The decoding choices follow OpenCV's imread (which mmcv.imread calls), so
 * pixels match it: libpng's strip_16 (high byte), strip_alpha, palette and
 * low-bit grey expansion, bgr, gray_to_rgb and rgb_to_gray(0.299, 0.587);
 * libjpeg-turbo's BGR and grayscale output, and OpenCV's CMYK conversion for
 * Adobe CMYK/YCCK files.
 *
 * Every library call sits after a setjmp in the same function; the error
 * callbacks write the message and longjmp back there. No local that changes
 * after a setjmp is read after the jump.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* strerror_r returning char * */
#endif
#include "pacer_image_codecs.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>
#include <jpeglib.h>
#include <jerror.h>

/* A decoded image may take at most this many bytes: a corrupt header that
 * claims 100000 x 100000 pixels is refused, not allocated. */
#define MAX_IMAGE_BYTES ((int64_t)1 << 31)

enum { FORMAT_PNG = 1, FORMAT_JPEG = 2 };

struct pacer_image_decoder {
    FILE *file;
    int32_t format;
    int32_t color_type;
    pacer_image_extents extents;
    /* Where the library error callbacks jump, the status they return with,
     * and where the current call wants its message. */
    jmp_buf jump;
    int32_t jump_status;
    char *message;
    /* PNG. */
    png_structp png;
    png_infop png_info;
    /* JPEG. */
    struct jpeg_decompress_struct jpeg;
    struct jpeg_error_mgr jpeg_errors;
    int jpeg_created;
    /* An Adobe CMYK/YCCK file: decoded as CMYK and converted here. */
    int jpeg_cmyk;
};

static void set_message(char *message, const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(message, PACER_IMAGE_MESSAGE_SIZE, format, arguments);
    va_end(arguments);
}

static void set_system_message(char *message, int error) {
    char buffer[PACER_IMAGE_MESSAGE_SIZE];
    set_message(message, "%s", strerror_r(error, buffer, sizeof buffer));
}

static int32_t set_extents(pacer_image_decoder *decoder, uint32_t height, uint32_t width, int32_t channels) {
    if (height == 0 || width == 0) {
        set_message(decoder->message, "header gives an empty image (%u x %u pixels)", height, width);
        return PACER_IMAGE_MALFORMED;
    }
    if ((int64_t)height * (int64_t)width * channels > MAX_IMAGE_BYTES) {
        set_message(decoder->message, "header gives %u x %u pixels, more than Pacer decodes (2 GiB)", height, width);
        return PACER_IMAGE_MALFORMED;
    }
    decoder->extents.height = (int32_t)height;
    decoder->extents.width = (int32_t)width;
    decoder->extents.channels = channels;
    return PACER_IMAGE_OK;
}

/* The format a file's first bytes name, for files that are neither PNG nor JPEG. */
static const char *other_format(const unsigned char *start, size_t length) {
    if (length >= 2 && start[0] == 'B' && start[1] == 'M') return "BMP";
    if (length >= 4 && memcmp(start, "GIF8", 4) == 0) return "GIF";
    if (length >= 4 && (memcmp(start, "II*\0", 4) == 0 || memcmp(start, "MM\0*", 4) == 0)) return "TIFF";
    if (length >= 2 && start[0] == 'P' && start[1] >= '1' && start[1] <= '6') return "PNM";
    if (length >= 8 && memcmp(start, "RIFF", 4) == 0) return "RIFF (WebP?)";
    return NULL;
}

// MARK: - PNG reading

static void png_failed(png_structp png, png_const_charp text) {
    pacer_image_decoder *decoder = png_get_error_ptr(png);
    set_message(decoder->message, "corrupt PNG (libpng: %s)", text);
    longjmp(decoder->jump, 1);
}

static void png_warned(png_structp png, png_const_charp text) {
    (void)png;
    (void)text;
}

/* libpng's read callback: a short read is a truncated file, not "Read Error". */
static void png_read_file(png_structp png, png_bytep data, size_t length) {
    pacer_image_decoder *decoder = png_get_io_ptr(png);
    if (fread(data, 1, length, decoder->file) == length) return;
    if (ferror(decoder->file)) {
        set_system_message(decoder->message, errno);
        decoder->jump_status = PACER_IMAGE_UNREADABLE;
    } else {
        set_message(decoder->message, "truncated PNG: the file ends before its image data does");
    }
    longjmp(decoder->jump, 1);
}

/* Reads the header (the 8 signature bytes are already read) and sets the
 * transformations to `color_type`, as OpenCV's PngDecoder::readData does. */
static int32_t png_open(pacer_image_decoder *decoder) {
    decoder->format = FORMAT_PNG;
    decoder->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, decoder, png_failed, png_warned);
    if (decoder->png) decoder->png_info = png_create_info_struct(decoder->png);
    if (!decoder->png || !decoder->png_info) {
        set_message(decoder->message, "out of memory");
        return PACER_IMAGE_UNREADABLE;
    }
    decoder->jump_status = PACER_IMAGE_MALFORMED;
    if (setjmp(decoder->jump)) return decoder->jump_status;
    png_set_read_fn(decoder->png, decoder, png_read_file);
    png_set_sig_bytes(decoder->png, 8);
    png_read_info(decoder->png, decoder->png_info);

    png_uint_32 width = 0, height = 0;
    int bit_depth = 0, stored = 0;
    png_get_IHDR(decoder->png, decoder->png_info, &width, &height, &bit_depth, &stored, NULL, NULL, NULL);
    int colour = (stored & PNG_COLOR_MASK_COLOR) != 0;
    int transparency = png_get_valid(decoder->png, decoder->png_info, PNG_INFO_tRNS) != 0;
    int alpha = (stored & PNG_COLOR_MASK_ALPHA) != 0 || transparency;

    if (bit_depth == 16) png_set_strip_16(decoder->png);
    if (stored == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(decoder->png);
    if (!colour && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(decoder->png);
    int32_t channels;
    switch (decoder->color_type) {
    case PACER_IMAGE_COLOR:
        png_set_strip_alpha(decoder->png);
        if (colour) png_set_bgr(decoder->png);
        else png_set_gray_to_rgb(decoder->png);
        channels = 3;
        break;
    case PACER_IMAGE_GRAYSCALE:
        png_set_strip_alpha(decoder->png);
        if (colour) png_set_rgb_to_gray_fixed(decoder->png, PNG_ERROR_ACTION_NONE, 29900, 58700);
        channels = 1;
        break;
    default:
        if (transparency) png_set_tRNS_to_alpha(decoder->png);
        if (colour) png_set_bgr(decoder->png);
        channels = (colour ? 3 : 1) + (alpha ? 1 : 0);
        break;
    }
    png_set_interlace_handling(decoder->png);
    png_read_update_info(decoder->png, decoder->png_info);
    if (png_get_channels(decoder->png, decoder->png_info) != channels
        || png_get_bit_depth(decoder->png, decoder->png_info) != 8
        || png_get_rowbytes(decoder->png, decoder->png_info) != (size_t)width * (size_t)channels) {
        set_message(decoder->message, "PNG of colour type %d and bit depth %d is a layout Pacer does not decode",
                    stored, bit_depth);
        return PACER_IMAGE_MALFORMED;
    }
    return set_extents(decoder, height, width, channels);
}

static int32_t png_decode(pacer_image_decoder *decoder, uint8_t *pixels) {
    size_t height = (size_t)decoder->extents.height;
    size_t row_bytes = (size_t)decoder->extents.width * (size_t)decoder->extents.channels;
    png_bytep *rows = malloc(height * sizeof *rows);
    if (!rows) {
        set_message(decoder->message, "out of memory");
        return PACER_IMAGE_UNREADABLE;
    }
    for (size_t row = 0; row < height; row++) rows[row] = pixels + row * row_bytes;
    decoder->jump_status = PACER_IMAGE_MALFORMED;
    if (setjmp(decoder->jump)) {
        free(rows);
        return decoder->jump_status;
    }
    png_read_image(decoder->png, rows);
    png_read_end(decoder->png, NULL);
    free(rows);
    return PACER_IMAGE_OK;
}

// MARK: - JPEG reading

static void jpeg_failed(j_common_ptr jpeg) {
    pacer_image_decoder *decoder = jpeg->client_data;
    if (jpeg->err->msg_code == JWRN_JPEG_EOF) {
        set_message(decoder->message, "truncated JPEG: the file ends before its image data does");
    } else {
        char text[JMSG_LENGTH_MAX];
        jpeg->err->format_message(jpeg, text);
        set_message(decoder->message, "corrupt JPEG (libjpeg: %s)", text);
    }
    longjmp(decoder->jump, 1);
}

/* Warnings that mean pixels were lost are errors; other warnings and trace
 * messages are dropped (libjpeg would print them on stderr). */
static void jpeg_message(j_common_ptr jpeg, int level) {
    if (level >= 0) return;
    switch (jpeg->err->msg_code) {
    case JWRN_JPEG_EOF:
    case JWRN_HIT_MARKER:
    case JWRN_HUFF_BAD_CODE:
    case JWRN_MUST_RESYNC:
        jpeg_failed(jpeg);
        break;
    default:
        jpeg->err->num_warnings++;
        break;
    }
}

/* Reads the header (from the start of the file) and sets the output colour
 * space to `color_type`, as OpenCV's JpegDecoder does. */
static int32_t jpeg_open(pacer_image_decoder *decoder) {
    decoder->format = FORMAT_JPEG;
    decoder->jpeg.err = jpeg_std_error(&decoder->jpeg_errors);
    decoder->jpeg_errors.error_exit = jpeg_failed;
    decoder->jpeg_errors.emit_message = jpeg_message;
    decoder->jpeg.client_data = decoder;
    decoder->jump_status = PACER_IMAGE_MALFORMED;
    if (setjmp(decoder->jump)) return decoder->jump_status;
    decoder->jpeg_created = 1;
    jpeg_create_decompress(&decoder->jpeg);
    jpeg_stdio_src(&decoder->jpeg, decoder->file);
    jpeg_read_header(&decoder->jpeg, TRUE);

    J_COLOR_SPACE stored = decoder->jpeg.jpeg_color_space;
    decoder->jpeg_cmyk = stored == JCS_CMYK || stored == JCS_YCCK;
    int32_t channels;
    if (decoder->jpeg_cmyk) {
        decoder->jpeg.out_color_space = JCS_CMYK;
        channels = decoder->color_type == PACER_IMAGE_GRAYSCALE ? 1 : 3;
    } else if (decoder->color_type == PACER_IMAGE_GRAYSCALE
               || (decoder->color_type == PACER_IMAGE_UNCHANGED && stored == JCS_GRAYSCALE)) {
        decoder->jpeg.out_color_space = JCS_GRAYSCALE;
        channels = 1;
    } else {
        decoder->jpeg.out_color_space = JCS_EXT_BGR;
        channels = 3;
    }
    jpeg_calc_output_dimensions(&decoder->jpeg);
    return set_extents(decoder, decoder->jpeg.output_height, decoder->jpeg.output_width, channels);
}

/* One row of Adobe (inverted) CMYK to BGR or grey, as OpenCV's
 * icvCvt_CMYK2BGR_8u_C4C3R and icvCvt_CMYK2Gray_8u_C4C1R compute it. */
static void convert_cmyk_row(const uint8_t *cmyk, uint8_t *target, size_t width, int32_t channels) {
    for (size_t x = 0; x < width; x++, cmyk += 4) {
        int k = cmyk[3];
        int c = k - ((255 - cmyk[0]) * k >> 8);
        int m = k - ((255 - cmyk[1]) * k >> 8);
        int y = k - ((255 - cmyk[2]) * k >> 8);
        if (channels == 3) {
            *target++ = (uint8_t)y;
            *target++ = (uint8_t)m;
            *target++ = (uint8_t)c;
        } else {
            *target++ = (uint8_t)((y * 1868 + m * 9617 + c * 4899 + (1 << 13)) >> 14);
        }
    }
}

static int32_t jpeg_decode(pacer_image_decoder *decoder, uint8_t *pixels) {
    size_t width = (size_t)decoder->extents.width;
    size_t row_bytes = width * (size_t)decoder->extents.channels;
    uint8_t *cmyk_row = NULL;
    if (decoder->jpeg_cmyk && !(cmyk_row = malloc(width * 4))) {
        set_message(decoder->message, "out of memory");
        return PACER_IMAGE_UNREADABLE;
    }
    decoder->jump_status = PACER_IMAGE_MALFORMED;
    if (setjmp(decoder->jump)) {
        free(cmyk_row);
        return decoder->jump_status;
    }
    jpeg_start_decompress(&decoder->jpeg);
    if (decoder->jpeg.output_components != (decoder->jpeg_cmyk ? 4 : decoder->extents.channels)) {
        set_message(decoder->message, "JPEG of %d components is a layout Pacer does not decode",
                    decoder->jpeg.num_components);
        free(cmyk_row);
        return PACER_IMAGE_MALFORMED;
    }
    while (decoder->jpeg.output_scanline < decoder->jpeg.output_height) {
        uint8_t *target = pixels + (size_t)decoder->jpeg.output_scanline * row_bytes;
        JSAMPROW row = cmyk_row ? cmyk_row : target;
        if (jpeg_read_scanlines(&decoder->jpeg, &row, 1) != 1) {
            set_message(decoder->message, "corrupt JPEG (libjpeg returned no scanline)");
            free(cmyk_row);
            return PACER_IMAGE_MALFORMED;
        }
        if (cmyk_row) convert_cmyk_row(cmyk_row, target, width, decoder->extents.channels);
    }
    jpeg_finish_decompress(&decoder->jpeg);
    free(cmyk_row);
    return PACER_IMAGE_OK;
}

// MARK: - Decoder

int32_t pacer_image_decoder_open(const char *path, int32_t color_type, pacer_image_decoder **decoder_out,
                                 pacer_image_extents *extents, char *message) {
    *decoder_out = NULL;
    message[0] = 0;
    if (color_type < PACER_IMAGE_COLOR || color_type > PACER_IMAGE_UNCHANGED) {
        set_message(message, "unknown colour type %d", color_type);
        return PACER_IMAGE_MALFORMED;
    }
    pacer_image_decoder *decoder = calloc(1, sizeof *decoder);
    if (!decoder) {
        set_message(message, "out of memory");
        return PACER_IMAGE_UNREADABLE;
    }
    decoder->color_type = color_type;
    decoder->message = message;
    decoder->file = fopen(path, "rb");
    if (!decoder->file) {
        set_system_message(message, errno);
        free(decoder);
        return PACER_IMAGE_UNREADABLE;
    }

    unsigned char start[8];
    size_t length = fread(start, 1, sizeof start, decoder->file);
    int32_t status;
    if (ferror(decoder->file)) {
        set_system_message(message, errno);
        status = PACER_IMAGE_UNREADABLE;
    } else if (length == 0) {
        set_message(message, "is empty, not a PNG or JPEG image");
        status = PACER_IMAGE_MALFORMED;
    } else if (png_sig_cmp(start, 0, length) == 0) {
        if (length < sizeof start) {
            set_message(message, "truncated PNG: the file ends before its image data does");
            status = PACER_IMAGE_MALFORMED;
        } else {
            status = png_open(decoder);
        }
    } else if (length >= 3 && start[0] == 0xFF && start[1] == 0xD8 && start[2] == 0xFF) {
        rewind(decoder->file);
        status = jpeg_open(decoder);
    } else {
        const char *other = other_format(start, length);
        if (other) set_message(message, "is a %s image; Pacer decodes PNG and JPEG: convert it to one of them", other);
        else set_message(message, "is not a PNG or JPEG image (its first bytes are neither signature)");
        status = PACER_IMAGE_MALFORMED;
    }
    if (status != PACER_IMAGE_OK) {
        pacer_image_decoder_close(decoder);
        return status;
    }
    *extents = decoder->extents;
    *decoder_out = decoder;
    return PACER_IMAGE_OK;
}

int32_t pacer_image_decoder_decode(pacer_image_decoder *decoder, uint8_t *pixels, char *message) {
    message[0] = 0;
    decoder->message = message;
    return decoder->format == FORMAT_PNG ? png_decode(decoder, pixels) : jpeg_decode(decoder, pixels);
}

void pacer_image_decoder_close(pacer_image_decoder *decoder) {
    if (!decoder) return;
    if (decoder->png) png_destroy_read_struct(&decoder->png, decoder->png_info ? &decoder->png_info : NULL, NULL);
    if (decoder->jpeg_created) jpeg_destroy_decompress(&decoder->jpeg);
    if (decoder->file) fclose(decoder->file);
    free(decoder);
}

// MARK: - PNG writing

struct png_writer {
    FILE *file;
    jmp_buf jump;
    char *message;
};

static void png_write_failed(png_structp png, png_const_charp text) {
    struct png_writer *writer = png_get_error_ptr(png);
    set_message(writer->message, "cannot be written as PNG (libpng: %s)", text);
    longjmp(writer->jump, 1);
}

static void png_write_file(png_structp png, png_bytep data, size_t length) {
    struct png_writer *writer = png_get_io_ptr(png);
    if (fwrite(data, 1, length, writer->file) == length) return;
    char reason[PACER_IMAGE_MESSAGE_SIZE];
    set_system_message(reason, errno);
    set_message(writer->message, "cannot be written (%s)", reason);
    longjmp(writer->jump, 1);
}

static void png_flush_file(png_structp png) {
    struct png_writer *writer = png_get_io_ptr(png);
    fflush(writer->file);
}

int32_t pacer_png_write(const char *path, const uint8_t *pixels, int32_t height, int32_t width, int32_t channels,
                        char *message) {
    static const int colour_types[] = {PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_GRAY_ALPHA, PNG_COLOR_TYPE_RGB,
                                       PNG_COLOR_TYPE_RGB_ALPHA};
    message[0] = 0;
    if (height <= 0 || width <= 0 || channels < 1 || channels > 4) {
        set_message(message, "cannot be written as PNG: %d x %d pixels of %d channels", height, width, channels);
        return PACER_IMAGE_MALFORMED;
    }
    struct png_writer writer = {.message = message};
    writer.file = fopen(path, "wb");
    if (!writer.file) {
        char reason[PACER_IMAGE_MESSAGE_SIZE];
        set_system_message(reason, errno);
        set_message(message, "cannot be written (%s)", reason);
        return PACER_IMAGE_UNREADABLE;
    }
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &writer, png_write_failed, png_warned);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    png_bytep *rows = malloc((size_t)height * sizeof *rows);
    if (!png || !info || !rows) {
        set_message(message, "cannot be written (out of memory)");
        png_destroy_write_struct(&png, info ? &info : NULL);
        free(rows);
        fclose(writer.file);
        remove(path);
        return PACER_IMAGE_UNREADABLE;
    }
    for (int32_t row = 0; row < height; row++) {
        rows[row] = (png_bytep)pixels + (size_t)row * (size_t)width * (size_t)channels;
    }
    if (setjmp(writer.jump)) {
        png_destroy_write_struct(&png, &info);
        free(rows);
        fclose(writer.file);
        remove(path);
        return PACER_IMAGE_UNREADABLE;
    }
    png_set_write_fn(png, &writer, png_write_file, png_flush_file);
    png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8, colour_types[channels - 1],
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (channels >= 3) png_set_bgr(png);
    png_write_info(png, info);
    png_write_image(png, rows);
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    free(rows);
    if (fclose(writer.file) != 0) {
        char reason[PACER_IMAGE_MESSAGE_SIZE];
        set_system_message(reason, errno);
        set_message(message, "cannot be written (%s)", reason);
        remove(path);
        return PACER_IMAGE_UNREADABLE;
    }
    return PACER_IMAGE_OK;
}
