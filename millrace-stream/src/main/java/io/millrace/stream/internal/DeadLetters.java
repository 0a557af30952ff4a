package io.millrace.stream.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The dead-letter record: {@code {reason, failed_expectations, topic, partition, offset, original,
 * original_encoding}}. {@code original} holds the input bytes as text when they are valid UTF-8
 * ({@code original_encoding: "utf8"}), else in base64 ({@code "base64"}), so nothing is lost.
 */
public final class DeadLetters {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DeadLetters() {}

  public static byte[] of(String reason, List<String> failed, String topic, int partition, long offset, byte[] original) {
    ObjectNode n = JSON.createObjectNode();
    n.put("reason", reason);
    ArrayNode f = n.putArray("failed_expectations");
    failed.forEach(f::add);
    n.put("topic", topic);
    n.put("partition", partition);
    n.put("offset", offset);
    String text = utf8(original);
    if (text != null) {
      n.put("original", text);
      n.put("original_encoding", "utf8");
    } else {
      n.put("original", original == null ? null : Base64.getEncoder().encodeToString(original));
      n.put("original_encoding", "base64");
    }
    try {
      return JSON.writeValueAsBytes(n);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String utf8(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
