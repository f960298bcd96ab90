package dev.flashsale.adapters.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HttpErrorTest {

    @Test
    void defaultMessage_shouldStateTheBodyLimit_whenTheBodyIsTooLarge() {
        // given the limit the body reader applies
        int kibibytes = RequestBodies.MAX_BODY_BYTES / 1024;

        // when / then: the message says that limit, not a copy of it
        assertEquals("The request body is larger than " + kibibytes + " KiB.",
                HttpError.PAYLOAD_TOO_LARGE.defaultMessage());
    }

    @Test
    void status_shouldBeTheHttpStatusOfEachError_whenAnswered() {
        assertEquals(413, HttpError.PAYLOAD_TOO_LARGE.status());
        assertEquals(415, HttpError.UNSUPPORTED_MEDIA_TYPE.status());
        assertEquals(401, HttpError.UNAUTHORIZED.status());
        assertEquals(404, HttpError.NOT_FOUND.status());
        assertEquals(405, HttpError.METHOD_NOT_ALLOWED.status());
        assertEquals(500, HttpError.INTERNAL_ERROR.status());
    }
}
