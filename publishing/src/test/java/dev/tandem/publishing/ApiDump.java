package dev.tandem.publishing;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.ModuleVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.RecordComponentVisitor;

/**
 * The public API of a jar as sorted text, read from its class files with ASM: the module
 * descriptor, then every type of an exported package that code outside the module can name
 * (public, or protected and nested in such a type), with its public and protected fields,
 * constructors and methods, each with its generic signature. Synthetic members, anonymous and
 * local classes are left out, and so are Kotlin declarations whose Kotlin visibility is not
 * public or protected (internal ones are public to the JVM), unless marked {@code @PublishedApi};
 * a public Kotlin declaration hidden from Java ({@code @JvmSynthetic}) is shown, marked {@code
 * synthetic}. A Kotlin file facade without such members is left out.
 *
 * <p>What it does not show: annotations other than {@code @Deprecated} (so nullness changes go
 * unnoticed), method bodies, and anything below protected.
 */
final class ApiDump {
  private static final String KOTLIN_METADATA = "Lkotlin/Metadata;";
  private static final String PUBLISHED_API = "Lkotlin/PublishedApi;";

  private ApiDump() {}

  /** The dump of {@code jar}, under a header naming it {@code title}. */
  static String ofJar(Path jar, String title) throws IOException {
    List<byte[]> classFiles = new ArrayList<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      for (JarEntry entry : (Iterable<JarEntry>) file.stream()::iterator) {
        if (entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF/")) {
          try (InputStream in = file.getInputStream(entry)) {
            classFiles.add(in.readAllBytes());
          }
        }
      }
    }
    return of(classFiles, title);
  }

  /**
   * The dump of these class files. Without a {@code module-info.class} among them every package
   * counts as exported.
   */
  static String of(Collection<byte[]> classFiles, String title) {
    Map<String, ClassInfo> classes = new HashMap<>();
    @Nullable ModuleInfo module = null;
    for (byte[] bytes : classFiles) {
      ClassInfo info = new ClassInfo();
      new ClassReader(bytes).accept(info, ClassReader.SKIP_CODE | ClassReader.SKIP_FRAMES);
      if (info.module != null) {
        module = info.module;
      } else if (!info.name.endsWith("/package-info")) {
        classes.put(info.name, info);
      }
    }

    StringBuilder out = new StringBuilder();
    out.append("# The public API of ").append(title).append(" as the JVM sees it, read from its jar by\n")
        .append("# publishing/src/test/java/dev/tandem/publishing/ApiDump.java. Regenerate: docs/publishing.md\n");
    if (module != null) {
      out.append('\n').append(module.render());
    }
    @Nullable Set<String> exported = module == null ? null : module.exportedPackages();
    classes.values().stream()
        .filter(c -> isApi(c, classes, exported))
        .sorted(Comparator.comparing((ClassInfo c) -> c.name))
        .forEach(c -> out.append('\n').append(c.render()));
    return out.toString();
  }

  private static boolean isApi(ClassInfo c, Map<String, ClassInfo> classes, @Nullable Set<String> exported) {
    if (c.anonymousOrLocal || (c.access & Opcodes.ACC_SYNTHETIC) != 0) {
      return false;
    }
    if (exported != null && !exported.contains(packageOf(c.name))) {
      return false;
    }
    if ((c.kotlin.hidesClass() && !c.publishedApi) || c.isEmptyFacade()) {
      return false;
    }
    int access = c.effectiveAccess();
    if ((access & Opcodes.ACC_PUBLIC) == 0 && (access & Opcodes.ACC_PROTECTED) == 0) {
      return false;
    }
    if (c.outer == null) {
      return true;
    }
    ClassInfo outer = classes.get(c.outer);
    if (outer == null || !isApi(outer, classes, exported)) {
      return false;
    }
    return (access & Opcodes.ACC_PUBLIC) != 0 || (outer.effectiveAccess() & Opcodes.ACC_FINAL) == 0;
  }

  private static String packageOf(String internalName) {
    int slash = internalName.lastIndexOf('/');
    return slash < 0 ? "" : internalName.substring(0, slash).replace('/', '.');
  }

  /** The module descriptor: requires (but java.base), exports, opens, uses and provides. */
  private static final class ModuleInfo extends ModuleVisitor {
    private final String name;
    private final Set<String> directives = new TreeSet<>();
    private final Set<String> exported = new TreeSet<>();

    ModuleInfo(String name, int access) {
      super(Opcodes.ASM9);
      this.name = ((access & Opcodes.ACC_OPEN) != 0 ? "open " : "") + name;
    }

    @Override
    public void visitRequire(String module, int access, @Nullable String version) {
      if ((access & Opcodes.ACC_MANDATED) == 0) {
        directives.add("requires " + ((access & Opcodes.ACC_STATIC_PHASE) != 0 ? "static " : "")
            + ((access & Opcodes.ACC_TRANSITIVE) != 0 ? "transitive " : "") + module);
      }
    }

    @Override
    public void visitExport(String packaze, int access, String @Nullable ... modules) {
      if (modules == null) {
        exported.add(packaze.replace('/', '.'));
      }
      directives.add("exports " + packaze.replace('/', '.') + to(modules));
    }

    @Override
    public void visitOpen(String packaze, int access, String @Nullable ... modules) {
      directives.add("opens " + packaze.replace('/', '.') + to(modules));
    }

    @Override
    public void visitUse(String service) {
      directives.add("uses " + TypeText.className(service));
    }

    @Override
    public void visitProvide(String service, String... providers) {
      directives.add("provides " + TypeText.className(service) + " with "
          + Arrays.stream(providers).map(TypeText::className).collect(Collectors.joining(", ")));
    }

    private static String to(String @Nullable [] modules) {
      return modules == null ? "" : " to " + String.join(", ", new TreeSet<>(Arrays.asList(modules)));
    }

    Set<String> exportedPackages() {
      return exported;
    }

    String render() {
      StringBuilder out = new StringBuilder("module ").append(name).append('\n');
      directives.stream()
          .sorted(Comparator.comparing((String d) -> order(d)).thenComparing(d -> d))
          .forEach(d -> out.append("  ").append(d).append('\n'));
      return out.toString();
    }

    private static int order(String directive) {
      return List.of("requires", "exports", "opens", "uses", "provides").indexOf(directive.split(" ")[0]);
    }
  }

  /** A field or method as read from the class file. */
  private record Member(
      int access,
      String name,
      String descriptor,
      @Nullable String signature,
      String @Nullable [] exceptions,
      @Nullable Object constant,
      boolean publishedApi) {}

  /** One class file: its header, members, nesting, and Kotlin metadata if any. */
  private static final class ClassInfo extends ClassVisitor {
    String name = "";
    int access;
    @Nullable String signature;
    @Nullable String superName;
    String[] interfaces = new String[0];
    @Nullable String outer;
    int innerAccess = -1;
    boolean anonymousOrLocal;
    boolean record;
    boolean publishedApi;
    final List<String> permitted = new ArrayList<>();
    @Nullable ModuleInfo module;
    KotlinVisibility kotlin = KotlinVisibility.NONE;
    final List<Member> fields = new ArrayList<>();
    final List<Member> methods = new ArrayList<>();
    private final List<Boolean> memberPublishedApi = new ArrayList<>();

    ClassInfo() {
      super(Opcodes.ASM9);
    }

    @Override
    public void visit(int version, int access, String name, @Nullable String signature,
        @Nullable String superName, String @Nullable [] interfaces) {
      this.name = name;
      this.access = access;
      this.signature = signature;
      this.superName = superName;
      this.interfaces = interfaces == null ? new String[0] : interfaces;
    }

    @Override
    public @Nullable ModuleVisitor visitModule(String name, int access, @Nullable String version) {
      module = new ModuleInfo(name, access);
      return module;
    }

    @Override
    public void visitOuterClass(String owner, @Nullable String name, @Nullable String descriptor) {
      anonymousOrLocal = true; // an EnclosingMethod attribute: a local or anonymous class
    }

    @Override
    public void visitInnerClass(String name, @Nullable String outerName, @Nullable String innerName, int access) {
      if (name.equals(this.name)) {
        innerAccess = access;
        outer = outerName;
        anonymousOrLocal |= outerName == null || innerName == null;
      }
    }

    @Override
    public void visitPermittedSubclass(String permittedSubclass) {
      permitted.add(TypeText.className(permittedSubclass));
    }

    @Override
    public @Nullable RecordComponentVisitor visitRecordComponent(String name, String descriptor, @Nullable String signature) {
      record = true;
      return null;
    }

    @Override
    public @Nullable AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
      if (descriptor.equals(PUBLISHED_API)) {
        publishedApi = true;
      }
      if (descriptor.equals(KOTLIN_METADATA)) {
        return new MetadataReader(values -> kotlin = KotlinVisibility.of(values));
      }
      return null;
    }

    @Override
    public @Nullable FieldVisitor visitField(int access, String name, String descriptor,
        @Nullable String signature, @Nullable Object value) {
      int index = fields.size();
      fields.add(new Member(access, name, descriptor, signature, null, value, false));
      return new FieldVisitor(Opcodes.ASM9) {
        @Override
        public @Nullable AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
          if (annotation.equals(PUBLISHED_API)) {
            Member m = fields.get(index);
            fields.set(index, new Member(m.access, m.name, m.descriptor, m.signature, null, m.constant, true));
          }
          return null;
        }
      };
    }

    @Override
    public @Nullable MethodVisitor visitMethod(int access, String name, String descriptor,
        @Nullable String signature, String @Nullable [] exceptions) {
      int index = methods.size();
      methods.add(new Member(access, name, descriptor, signature, exceptions, null, false));
      return new MethodVisitor(Opcodes.ASM9) {
        @Override
        public @Nullable AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
          if (annotation.equals(PUBLISHED_API)) {
            Member m = methods.get(index);
            methods.set(index, new Member(m.access, m.name, m.descriptor, m.signature, m.exceptions, null, true));
          }
          return null;
        }
      };
    }

    /** The access a nested class was declared with (its InnerClasses entry), else the class's. */
    int effectiveAccess() {
      return innerAccess >= 0 ? innerAccess : access;
    }

    private boolean isInterface() {
      return (access & Opcodes.ACC_INTERFACE) != 0;
    }

    private boolean isFinal() {
      return (effectiveAccess() & Opcodes.ACC_FINAL) != 0;
    }

    private boolean isMemberApi(Member m) {
      if (m.name.equals("<clinit>")) {
        return false;
      }
      if ((m.access & Opcodes.ACC_SYNTHETIC) != 0 && !kotlin.declaresPublic(m.name, m.descriptor)) {
        return false; // a bridge, accessor or default-arguments helper; not a @JvmSynthetic declaration
      }
      boolean visible = (m.access & Opcodes.ACC_PUBLIC) != 0
          || ((m.access & Opcodes.ACC_PROTECTED) != 0 && !isFinal());
      return visible && (m.publishedApi || !kotlin.hides(m.name, m.descriptor));
    }

    /** A Kotlin file facade with no API member: a class with nothing to show. */
    boolean isEmptyFacade() {
      return kotlin.isFacade() && fields.stream().noneMatch(this::isMemberApi) && methods.stream().noneMatch(this::isMemberApi);
    }

    String render() {
      StringBuilder out = new StringBuilder(header()).append('\n');
      fields.stream().filter(this::isMemberApi)
          .sorted(Comparator.comparing((Member m) -> m.name))
          .forEach(m -> out.append("  ").append(field(m)).append('\n'));
      methods.stream().filter(this::isMemberApi)
          .filter(m -> m.name.equals("<init>"))
          .map(this::method).sorted()
          .forEach(m -> out.append("  ").append(m).append('\n'));
      methods.stream().filter(this::isMemberApi)
          .filter(m -> !m.name.equals("<init>"))
          .sorted(Comparator.comparing((Member m) -> m.name).thenComparing(this::method))
          .forEach(m -> out.append("  ").append(method(m)).append('\n'));
      return out.toString();
    }

    private String header() {
      int flags = effectiveAccess();
      StringBuilder out = new StringBuilder(deprecated(access));
      out.append((flags & Opcodes.ACC_PUBLIC) != 0 ? "public " : "protected ");
      if (innerAccess >= 0 && (flags & Opcodes.ACC_STATIC) != 0) {
        out.append("static ");
      }
      if ((flags & Opcodes.ACC_ABSTRACT) != 0 && !isInterface()) {
        out.append("abstract ");
      }
      if ((flags & Opcodes.ACC_FINAL) != 0) {
        out.append("final ");
      }
      if (!permitted.isEmpty()) {
        out.append("sealed ");
      }
      out.append((access & Opcodes.ACC_ANNOTATION) != 0 ? "@interface "
          : isInterface() ? "interface "
          : (access & Opcodes.ACC_ENUM) != 0 ? "enum "
          : record ? "record "
          : "class ");
      out.append(TypeText.className(name));

      TypeText.ClassHeader header = signature != null
          ? TypeText.ofClass(signature)
          : new TypeText.ClassHeader("", superName == null ? null : TypeText.className(superName),
              Arrays.stream(interfaces).map(TypeText::className).toList());
      out.append(header.typeParameters());
      if (header.superclass() != null && !header.superclass().equals("java.lang.Object")) {
        out.append(" extends ").append(header.superclass());
      }
      if (!header.interfaces().isEmpty()) {
        out.append(isInterface() ? " extends " : " implements ").append(String.join(", ", header.interfaces()));
      }
      if (!permitted.isEmpty()) {
        out.append(" permits ").append(permitted.stream().sorted().collect(Collectors.joining(", ")));
      }
      return out.toString();
    }

    private String field(Member m) {
      StringBuilder out = new StringBuilder(deprecated(m.access)).append(visibility(m.access));
      if ((m.access & Opcodes.ACC_STATIC) != 0) {
        out.append("static ");
      }
      if ((m.access & Opcodes.ACC_FINAL) != 0) {
        out.append("final ");
      }
      if ((m.access & Opcodes.ACC_VOLATILE) != 0) {
        out.append("volatile ");
      }
      if ((m.access & Opcodes.ACC_SYNTHETIC) != 0) {
        out.append("synthetic ");
      }
      out.append(TypeText.ofType(m.signature != null ? m.signature : m.descriptor)).append(' ').append(m.name);
      if (m.constant != null) {
        out.append(" = ").append(constant(m.constant, m.descriptor));
      }
      return out.toString();
    }

    private String method(Member m) {
      StringBuilder out = new StringBuilder(deprecated(m.access)).append(visibility(m.access));
      boolean isStatic = (m.access & Opcodes.ACC_STATIC) != 0;
      if (isStatic) {
        out.append("static ");
      }
      if ((m.access & Opcodes.ACC_ABSTRACT) != 0 && !isInterface()) {
        out.append("abstract ");
      }
      if (isInterface() && !isStatic && (m.access & Opcodes.ACC_ABSTRACT) == 0) {
        out.append("default ");
      }
      if ((m.access & Opcodes.ACC_FINAL) != 0 && !isFinal()) {
        out.append("final ");
      }
      if ((m.access & Opcodes.ACC_SYNTHETIC) != 0) {
        out.append("synthetic "); // Kotlin API hidden from Java (@JvmSynthetic)
      }
      TypeText.Method type = TypeText.ofMethod(m.signature != null ? m.signature : m.descriptor);
      if (!type.typeParameters().isEmpty()) {
        out.append(type.typeParameters()).append(' ');
      }
      if (m.name.equals("<init>")) {
        out.append(simpleName());
      } else {
        out.append(type.returnType()).append(' ').append(m.name);
      }
      List<String> parameters = new ArrayList<>(type.parameters());
      if ((m.access & Opcodes.ACC_VARARGS) != 0 && !parameters.isEmpty()) {
        String last = parameters.remove(parameters.size() - 1);
        parameters.add(last.substring(0, last.length() - 2) + "...");
      }
      out.append('(').append(String.join(", ", parameters)).append(')');
      if (m.exceptions != null && m.exceptions.length > 0) {
        out.append(" throws ").append(Arrays.stream(m.exceptions).map(TypeText::className).collect(Collectors.joining(", ")));
      }
      return out.toString();
    }

    private String simpleName() {
      String simple = name.substring(name.lastIndexOf('/') + 1);
      return simple.substring(simple.lastIndexOf('$') + 1);
    }

    private static String visibility(int access) {
      return (access & Opcodes.ACC_PUBLIC) != 0 ? "public " : "protected ";
    }

    private static String deprecated(int access) {
      return (access & Opcodes.ACC_DEPRECATED) != 0 ? "@Deprecated " : "";
    }

    private static String constant(Object value, String descriptor) {
      if (value instanceof String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
      }
      if (descriptor.equals("Z")) {
        return ((Integer) value) != 0 ? "true" : "false";
      }
      if (descriptor.equals("C")) {
        return "'\\u" + String.format("%04x", (Integer) value) + "'";
      }
      return value + (value instanceof Long ? "L" : value instanceof Float ? "F" : "");
    }
  }

  /** Collects the values of a {@code kotlin.Metadata} annotation. */
  private static final class MetadataReader extends AnnotationVisitor {
    private final Map<String, Object> values = new HashMap<>();
    private final java.util.function.Consumer<Map<String, Object>> done;

    MetadataReader(java.util.function.Consumer<Map<String, Object>> done) {
      super(Opcodes.ASM9);
      this.done = done;
    }

    @Override
    public void visit(@Nullable String name, Object value) {
      values.put(name, value.getClass().isArray() ? copy(value) : value);
    }

    private static Object copy(Object array) {
      Object copy = Array.newInstance(array.getClass().getComponentType(), Array.getLength(array));
      System.arraycopy(array, 0, copy, 0, Array.getLength(array));
      return copy;
    }

    @Override
    public AnnotationVisitor visitArray(String name) {
      List<String> strings = new ArrayList<>();
      return new AnnotationVisitor(Opcodes.ASM9) {
        @Override
        public void visit(@Nullable String ignored, Object value) {
          strings.add((String) value);
        }

        @Override
        public void visitEnd() {
          values.put(name, strings.toArray(new String[0]));
        }
      };
    }

    @Override
    public void visitEnd() {
      done.accept(values);
    }
  }
}
