package io.millrace.stream;

import com.fasterxml.jackson.core.type.TypeReference;
import io.millrace.api.MillraceException;
import io.millrace.stream.internal.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Client of a running job's {@link FeatureEndpoint}, for another process on this machine (the
 * {@code millrace features} command). Only loopback addresses are followed.
 */
public final class LiveFeatures {
  private static final Pattern LOOPBACK = Pattern.compile("http://127\\.0\\.0\\.1:\\d{1,5}");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private LiveFeatures() {}

  /**
   * The answer of a live job.
   *
   * @param address the endpoint that answered
   * @param features the entity's features, or null when the job holds no state for the key
   */
  public record Answer(String address, Map<String, Object> features) {
    public boolean found() {
      return features != null;
    }
  }

  /**
   * Asks the job advertised in {@code file} for {@code key}'s features.
   *
   * @return empty when no job is running there (no file, or nobody listening at its address)
   * @throws MillraceException EXTERNAL when the job runs but cannot answer now (its store is
   *     rebalancing) or answers with an error
   */
  public static Optional<Answer> query(Path file, String key) {
    Optional<String> address = address(file);
    if (address.isEmpty()) {
      return Optional.empty();
    }
    URI uri = URI.create(address.get() + "/features?key=" + URLEncoder.encode(key, StandardCharsets.UTF_8));
    HttpResponse<String> r;
    try {
      r = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();   // a file left behind by a job that was killed: nobody listens there
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw MillraceException.external(e, "Cannot ask %s for features: interrupted", address.get());
    }
    Map<String, Object> body = parse(r.body(), address.get());
    return switch (r.statusCode()) {
      case 200 -> Optional.of(new Answer(address.get(), cast(body.get("features"))));
      case 404 -> Optional.of(new Answer(address.get(), null));
      default -> throw MillraceException.external(null, "Cannot read features of '%s' from the running job at %s: %s",
          key, address.get(), body.getOrDefault("error", "HTTP " + r.statusCode()));
    };
  }

  private static Optional<String> address(Path file) {
    try {
      String a = Files.readString(file).trim();
      return LOOPBACK.matcher(a).matches() ? Optional.of(a) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Map<String, Object> parse(String body, String address) {
    try {
      return Json.MAPPER.readValue(body, new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot read the answer of %s: %s", address, e.getMessage());
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Object o) {
    return (Map<String, Object>) o;
  }
}
