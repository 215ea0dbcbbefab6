package example;

import io.slm4j.GenerationConfig;
import io.slm4j.Slm;
import io.slm4j.SlmModel;
import java.nio.file.Path;

/** Loads each model given on the command line and prints "backend: tokens". */
public final class Consumer {
  public static void main(String[] args) {
    System.out.println("backends: " + Slm.backends());
    for (String a : args) {
      try (SlmModel m = Slm.load(Path.of(a)).open()) {
        String out = m.generate("Hello", GenerationConfig.builder().greedy().maxTokens(4).build());
        System.out.println(m.info().backend() + ": " + m.lastStats().generatedTokens() + " tokens " + out.length() + " chars");
      }
    }
  }
}
