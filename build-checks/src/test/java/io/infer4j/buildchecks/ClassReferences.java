package io.infer4j.buildchecks;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classes one class file names: its constant pool's class entries, and the class types inside
 * its descriptors and generic signatures (a method's parameter type appears only there). Names
 * with '/' ({@code io/infer4j/spi/Backend}); array and primitive types left out.
 */
final class ClassReferences {

  /** A class type in a descriptor or signature: {@code Lio/infer4j/Foo;} or {@code Lio/infer4j/Foo<}. */
  private static final Pattern CLASS_TYPE = Pattern.compile("L([\\w/$]+)[;<]");

  private ClassReferences() {}

  static Set<String> of(byte[] classFile) {
    ClassModel model = ClassFile.of().parse(classFile);
    Set<String> out = new TreeSet<>();
    for (PoolEntry entry : model.constantPool()) {
      if (entry instanceof ClassEntry c) {
        String name = c.asInternalName();
        if (!name.startsWith("[")) {
          out.add(name);
        } else {
          addTypes(name, out);
        }
      } else if (entry instanceof Utf8Entry u) {
        addTypes(u.stringValue(), out);
      }
    }
    return out;
  }

  private static void addTypes(String text, Set<String> out) {
    if (text.indexOf('L') < 0 || text.indexOf(';') < 0 && text.indexOf('<') < 0) {
      return;
    }
    Matcher m = CLASS_TYPE.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
  }

  /** The package of a name with '/', with '.'. */
  static String packageOf(String internalName) {
    int slash = internalName.lastIndexOf('/');
    return slash < 0 ? "" : internalName.substring(0, slash).replace('/', '.');
  }
}
