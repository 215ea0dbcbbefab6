package io.slm4j.spi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Tokenizing text "as text" on tokenizers that always parse special tokens (GenAI, OpenVINO IRs):
 * the text is cut one character into every special-token spelling, so no piece spells a special
 * token, and the pieces are tokenized one by one. Core cuts message content the same way on every
 * backend, so the ids agree across runtimes.
 */
public final class PlainText {
  private PlainText() {}

  /**
   * @param text any text
   * @param specials the spellings special-token parsing matches
   * @return consecutive pieces of {@code text} (concatenating to it), none containing a special
   *     spelling of two characters or more; just {@code text} when it contains none
   */
  public static List<String> pieces(String text, Collection<String> specials) {
    TreeSet<Integer> cuts = new TreeSet<>();
    for (String s : specials) {
      if (s.length() < 2) {
        continue;
      }
      for (int at = text.indexOf(s); at >= 0; at = text.indexOf(s, at + 1)) {
        int cut = at + 1;
        if (Character.isHighSurrogate(text.charAt(at)) && cut < text.length()) {
          cut++; // never split a surrogate pair
        }
        cuts.add(cut);
      }
    }
    List<String> out = new ArrayList<>(cuts.size() + 1);
    int from = 0;
    for (int cut : cuts) {
      out.add(text.substring(from, cut));
      from = cut;
    }
    out.add(text.substring(from));
    return out;
  }

  /**
   * @param model the backend
   * @param text any text
   * @return its ids with special-token spellings tokenized as ordinary text, no BOS
   */
  public static int[] tokenize(BackendModel model, String text) {
    List<String> pieces = pieces(text, model.tokenizerInfo().specialTokens().keySet());
    if (pieces.size() == 1) {
      return model.tokenize(text, false, true);
    }
    List<int[]> parts = new ArrayList<>();
    int n = 0;
    for (String p : pieces) {
      int[] ids = model.tokenize(p, false, true);
      parts.add(ids);
      n += ids.length;
    }
    int[] out = new int[n];
    int at = 0;
    for (int[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  /**
   * The BOS exactly as asked, for runtimes whose encoder adds it by itself where their tokenizer
   * config says so: dropped when the encoder added it unasked, added once when asked for and the
   * model uses one.
   *
   * @param ids what the encoder returned
   * @param bos the BOS id
   * @param encoderAddsBos whether the encoder adds the BOS by itself
   * @param addBos whether the caller asked for it
   * @param modelAddsBos whether the model's metadata says to add one
   * @return the ids
   */
  public static int[] bosAsAsked(int[] ids, int bos, boolean encoderAddsBos, boolean addBos, boolean modelAddsBos) {
    boolean has = encoderAddsBos && ids.length > 0 && ids[0] == bos;
    if (has && !addBos) {
      return java.util.Arrays.copyOfRange(ids, 1, ids.length);
    }
    if (!has && addBos && modelAddsBos) {
      int[] out = new int[ids.length + 1];
      out[0] = bos;
      System.arraycopy(ids, 0, out, 1, ids.length);
      return out;
    }
    return ids;
  }
}
