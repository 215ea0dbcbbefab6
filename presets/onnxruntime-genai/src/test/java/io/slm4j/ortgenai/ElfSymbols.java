package io.slm4j.ortgenai;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.TreeSet;

/**
 * Reads the defined, exported function symbols of an ELF64 shared library (its .dynsym), the Java
 * equivalent of {@code nm -D --defined-only}, so the header check needs no binutils.
 */
final class ElfSymbols {
  private static final int SHT_DYNSYM = 11;
  private static final int STT_FUNC = 2;
  private static final int STB_GLOBAL = 1;
  private static final int STB_WEAK = 2;

  private ElfSymbols() {}

  static TreeSet<String> definedFunctions(Path library) throws IOException {
    ByteBuffer elf;
    try (FileChannel ch = FileChannel.open(library, StandardOpenOption.READ)) {
      elf = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
    }
    if (elf.get(0) != 0x7f || elf.get(1) != 'E' || elf.get(2) != 'L' || elf.get(3) != 'F') {
      throw new IOException(library + " is not an ELF file");
    }
    if (elf.get(4) != 2) {
      throw new IOException(library + " is not a 64-bit ELF file");
    }
    elf.order(elf.get(5) == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    long shoff = elf.getLong(0x28);
    int shentsize = Short.toUnsignedInt(elf.getShort(0x3A));
    int shnum = Short.toUnsignedInt(elf.getShort(0x3C));
    TreeSet<String> names = new TreeSet<>();
    for (int i = 0; i < shnum; i++) {
      int sh = (int) (shoff + (long) i * shentsize);
      if (elf.getInt(sh + 4) != SHT_DYNSYM) {
        continue;
      }
      long symOffset = elf.getLong(sh + 0x18);
      long symSize = elf.getLong(sh + 0x20);
      int link = elf.getInt(sh + 0x28);
      long entSize = elf.getLong(sh + 0x38);
      int strSh = (int) (shoff + (long) link * shentsize);
      long strOffset = elf.getLong(strSh + 0x18);
      for (long s = symOffset; s < symOffset + symSize; s += entSize) {
        int nameIndex = elf.getInt((int) s);
        int info = Byte.toUnsignedInt(elf.get((int) s + 4));
        int shndx = Short.toUnsignedInt(elf.getShort((int) s + 6));
        int bind = info >> 4;
        if (shndx == 0 || (info & 0xf) != STT_FUNC || (bind != STB_GLOBAL && bind != STB_WEAK)) {
          continue;
        }
        names.add(cString(elf, (int) (strOffset + nameIndex)));
      }
    }
    return names;
  }

  private static String cString(ByteBuffer buf, int at) {
    int end = at;
    while (buf.get(end) != 0) {
      end++;
    }
    byte[] bytes = new byte[end - at];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = buf.get(at + i);
    }
    return new String(bytes, StandardCharsets.US_ASCII);
  }
}
