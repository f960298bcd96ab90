package dev.flashsale.adapters.http;

import io.micronaut.serde.annotation.Serdeable;

/** The one error shape of the API: {@code {"error": CODE, "message": text}}. */
@Serdeable
public record ErrorBody(String error, String message) {
}
