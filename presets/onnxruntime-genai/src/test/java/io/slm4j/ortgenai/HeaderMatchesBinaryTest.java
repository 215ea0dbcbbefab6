package io.slm4j.ortgenai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slm4j.ortgenai.global.ortgenai;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Our declarations of the GenAI C API are checked against the pinned binary: every function declared in
 * {@code slm4j_ort_genai_c.h} must be exported by {@code libonnxruntime-genai.so}, and every exported
 * {@code Oga*} function that we do not declare is reported (and fails the check, since the preset
 * promises the whole C API of the pinned version).
 */
class HeaderMatchesBinaryTest {
  private static final Path HEADER = Paths.get("src/main/native/include/slm4j_ort_genai_c.h");
  // A declaration: a return type, then the function name directly followed by "(".
  private static final Pattern DECLARATION = Pattern.compile("\\b(Oga[A-Za-z0-9_]+)\\s*\\(");

  static Set<String> declaredFunctions() throws Exception {
    String text = Files.readString(HEADER);
    // Comments mention function names in prose; only code counts.
    text = text.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", " ");
    Set<String> names = new TreeSet<>();
    Matcher m = DECLARATION.matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  static Path pinnedLibrary() {
    return Paths.get(System.getProperty("ortgenai.native.dir"), "libonnxruntime-genai.so");
  }

  @Test
  void everyDeclaredFunctionIsExportedAndEveryExportedOneIsDeclared() throws Exception {
    Set<String> declared = declaredFunctions();
    Set<String> exported = new TreeSet<>();
    for (String s : ElfSymbols.definedFunctions(pinnedLibrary())) {
      if (s.startsWith("Oga")) {
        exported.add(s);
      }
    }
    Set<String> missing = new TreeSet<>(declared);
    missing.removeAll(exported);
    Set<String> undeclared = new TreeSet<>(exported);
    undeclared.removeAll(declared);
    System.out.println("declared " + declared.size() + ", exported Oga* " + exported.size());
    System.out.println("exported by " + pinnedLibrary() + " but not declared: " + undeclared);
    assertTrue(declared.size() > 200, "parsed only " + declared.size() + " declarations from " + HEADER);
    assertEquals(Set.of(), missing, "declared in " + HEADER + " but not exported by the pinned library");
    assertEquals(Set.of(), undeclared, "exported by the pinned library but not declared in " + HEADER);
  }

  @Test
  void theParserBoundEveryDeclaredFunction() throws Exception {
    Set<String> bound = new TreeSet<>();
    for (Method m : ortgenai.class.getDeclaredMethods()) {
      if (Modifier.isNative(m.getModifiers())) {
        bound.add(m.getName());
      }
    }
    Set<String> unbound = new TreeSet<>(declaredFunctions());
    unbound.removeAll(bound);
    assertEquals(Set.of(), unbound, "declared but absent from the generated " + ortgenai.class.getName());
  }
}
