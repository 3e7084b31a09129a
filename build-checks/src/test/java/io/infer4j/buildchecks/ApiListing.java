package io.infer4j.buildchecks;

import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.FieldModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.ExceptionsAttribute;
import java.lang.classfile.attribute.InnerClassInfo;
import java.lang.classfile.attribute.InnerClassesAttribute;
import java.lang.classfile.attribute.SignatureAttribute;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.module.ModuleDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A module's public API as text, one line per type and per member, sorted: the public and
 * protected types of the packages it exports to every module, their superclass and interfaces,
 * and their public and protected fields, constructors and methods with erased types, generic
 * signatures where they differ, and declared exceptions. Two builds with the same listing have the
 * same API as far as a caller compiled against it can tell; a line that changes is a change of
 * API. Synthetic and bridge members are left out.
 */
final class ApiListing {

  private ApiListing() {}

  static List<String> of(PublishedModule module) {
    ModuleDescriptor d = module.descriptor();
    Set<String> api = d.exports().stream()
        .filter(e -> !e.isQualified())
        .map(ModuleDescriptor.Exports::source)
        .collect(Collectors.toSet());
    Map<String, List<String>> byType = new TreeMap<>();
    for (Map.Entry<String, byte[]> c : module.classFiles().entrySet()) {
      if (!api.contains(ClassReferences.packageOf(c.getKey()))) {
        continue;
      }
      ClassModel model = ClassFile.of().parse(c.getValue());
      if (!visible(model)) {
        continue;
      }
      byType.put(c.getKey(), describe(model));
    }
    List<String> out = new ArrayList<>();
    out.add("module " + d.name());
    byType.values().forEach(out::addAll);
    return out;
  }

  /** Public, or protected as a nested type, and every enclosing type too (nested types checked through their outer ones' files). */
  private static boolean visible(ClassModel model) {
    String self = model.thisClass().asInternalName();
    int flags = ownFlags(model, self);
    if ((flags & (ClassFile.ACC_PUBLIC | ClassFile.ACC_PROTECTED)) == 0 || isSynthetic(flags)) {
      return false;
    }
    Optional<InnerClassesAttribute> inner = model.findAttribute(Attributes.innerClasses());
    if (inner.isPresent()) {
      for (InnerClassInfo i : inner.get().classes()) {
        if (i.innerClass().asInternalName().equals(self) && i.outerClass().isPresent()) {
          int outerFlags = flagsOf(inner.get(), i.outerClass().get().asInternalName());
          if (outerFlags != -1 && (outerFlags & (ClassFile.ACC_PUBLIC | ClassFile.ACC_PROTECTED)) == 0) {
            return false;
          }
        }
        if (i.innerClass().asInternalName().equals(self) && i.outerClass().isEmpty()) {
          return false; // local or anonymous
        }
      }
    }
    return true;
  }

  private static int flagsOf(InnerClassesAttribute inner, String name) {
    for (InnerClassInfo i : inner.classes()) {
      if (i.innerClass().asInternalName().equals(name)) {
        return i.flagsMask();
      }
    }
    return -1; // a top-level class: its own file says (it is public, or this one could not be)
  }

  /** A nested type's declared flags are in its InnerClasses entry, not in its access flags. */
  private static int ownFlags(ClassModel model, String self) {
    return model.findAttribute(Attributes.innerClasses())
        .flatMap(a -> a.classes().stream()
            .filter(i -> i.innerClass().asInternalName().equals(self))
            .map(InnerClassInfo::flagsMask)
            .findFirst())
        .orElse(model.flags().flagsMask());
  }

  private static boolean isSynthetic(int flags) {
    return (flags & ClassFile.ACC_SYNTHETIC) != 0;
  }

  private static List<String> describe(ClassModel model) {
    String self = model.thisClass().asInternalName();
    int flags = ownFlags(model, self);
    StringBuilder head = new StringBuilder(modifiers(flags, true)).append(kind(flags)).append(' ')
        .append(self.replace('/', '.'));
    model.superclass().map(ClassEntry::asInternalName)
        .filter(s -> !s.equals("java/lang/Object") && !s.equals("java/lang/Record")
            && !s.equals("java/lang/Enum"))
        .ifPresent(s -> head.append(" extends ").append(s.replace('/', '.')));
    if (!model.interfaces().isEmpty()) {
      head.append(" implements ").append(model.interfaces().stream()
          .map(i -> i.asInternalName().replace('/', '.'))
          .filter(i -> !i.equals("java.lang.annotation.Annotation"))
          .sorted().collect(Collectors.joining(", ")));
    }
    signature(model.findAttribute(Attributes.signature())).ifPresent(s -> head.append(" <").append(s).append('>'));
    List<String> members = new ArrayList<>();
    boolean isFinalClass = (flags & ClassFile.ACC_FINAL) != 0;
    for (FieldModel f : model.fields()) {
      int ff = f.flags().flagsMask();
      if (memberVisible(ff, isFinalClass)) {
        members.add("  " + modifiers(ff, false) + typeName(ClassDesc.ofDescriptor(f.fieldType().stringValue()))
            + " " + f.fieldName().stringValue()
            + signature(f.findAttribute(Attributes.signature())).map(s -> " <" + s + ">").orElse(""));
      }
    }
    for (MethodModel m : model.methods()) {
      int mf = m.flags().flagsMask();
      String name = m.methodName().stringValue();
      if (!memberVisible(mf, isFinalClass) || (mf & ClassFile.ACC_BRIDGE) != 0 || name.equals("<clinit>")) {
        continue;
      }
      MethodTypeDesc type = MethodTypeDesc.ofDescriptor(m.methodType().stringValue());
      String params = type.parameterList().stream().map(ApiListing::typeName).collect(Collectors.joining(", "));
      String line = "  " + modifiers(mf & ~ClassFile.ACC_VARARGS, false)
          + (name.equals("<init>") ? "<init>" : typeName(type.returnType()) + " " + name)
          + "(" + params + ")"
          + m.findAttribute(Attributes.exceptions()).map(ApiListing::throwsClause).orElse("")
          + signature(m.findAttribute(Attributes.signature())).map(s -> " <" + s + ">").orElse("");
      members.add(line);
    }
    members.sort(null);
    List<String> out = new ArrayList<>();
    out.add(head.toString());
    out.addAll(members);
    return out;
  }

  /** Protected members of a final class cannot be reached from outside its package. */
  private static boolean memberVisible(int flags, boolean finalClass) {
    if ((flags & ClassFile.ACC_SYNTHETIC) != 0) {
      return false;
    }
    return (flags & ClassFile.ACC_PUBLIC) != 0 || ((flags & ClassFile.ACC_PROTECTED) != 0 && !finalClass);
  }

  private static String throwsClause(ExceptionsAttribute a) {
    return a.exceptions().isEmpty() ? "" : " throws " + a.exceptions().stream()
        .map(e -> e.asInternalName().replace('/', '.')).sorted().collect(Collectors.joining(", "));
  }

  private static Optional<String> signature(Optional<SignatureAttribute> s) {
    return s.map(a -> a.signature().stringValue());
  }

  private static String kind(int flags) {
    if ((flags & ClassFile.ACC_ANNOTATION) != 0) {
      return "@interface";
    }
    if ((flags & ClassFile.ACC_INTERFACE) != 0) {
      return "interface";
    }
    if ((flags & ClassFile.ACC_ENUM) != 0) {
      return "enum";
    }
    return "class";
  }

  private static String modifiers(int flags, boolean type) {
    StringBuilder b = new StringBuilder();
    b.append((flags & ClassFile.ACC_PUBLIC) != 0 ? "public " : "protected ");
    if ((flags & ClassFile.ACC_STATIC) != 0 && !type) {
      b.append("static ");
    }
    boolean iface = (flags & ClassFile.ACC_INTERFACE) != 0;
    if ((flags & ClassFile.ACC_ABSTRACT) != 0 && !iface) {
      b.append("abstract ");
    }
    if ((flags & ClassFile.ACC_FINAL) != 0 && (flags & ClassFile.ACC_ENUM) == 0) {
      b.append("final ");
    }
    return b.toString();
  }

  private static String typeName(ClassDesc d) {
    if (d.isArray()) {
      return typeName(d.componentType()) + "[]";
    }
    if (d.isPrimitive()) {
      return d.displayName();
    }
    String desc = d.descriptorString();
    return desc.substring(1, desc.length() - 1).replace('/', '.');
  }
}
