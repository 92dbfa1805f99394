package dev.tandem.publishing;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.signature.SignatureReader;
import org.objectweb.asm.signature.SignatureVisitor;

/**
 * JVM generic signatures and descriptors as Java-like text ({@code java.util.List<? extends
 * T>}, {@code int[]}), with binary names ({@code Outer$Inner}) so that nothing is ambiguous.
 */
final class TypeText {
  private TypeText() {}

  /** A method's type parameters, parameter types and return type. */
  record Method(String typeParameters, List<String> parameters, String returnType) {}

  /** A class's type parameters, superclass and interfaces. */
  record ClassHeader(String typeParameters, @Nullable String superclass, List<String> interfaces) {}

  static String ofType(String signatureOrDescriptor) {
    TypeBuilder type = new TypeBuilder();
    new SignatureReader(signatureOrDescriptor).acceptType(type);
    return type.text();
  }

  static Method ofMethod(String signatureOrDescriptor) {
    Declaration declaration = new Declaration();
    new SignatureReader(signatureOrDescriptor).accept(declaration);
    return new Method(
        declaration.typeParameters(),
        declaration.parameters.stream().map(TypeBuilder::text).toList(),
        declaration.returnType == null ? "void" : declaration.returnType.text());
  }

  static ClassHeader ofClass(String signature) {
    Declaration declaration = new Declaration();
    new SignatureReader(signature).accept(declaration);
    return new ClassHeader(
        declaration.typeParameters(),
        declaration.superclass == null ? null : declaration.superclass.text(),
        declaration.interfaces.stream().map(TypeBuilder::text).toList());
  }

  static String className(String internalName) {
    return internalName.replace('/', '.');
  }

  /** A class or method signature: type parameters with bounds, then its types. */
  private static final class Declaration extends SignatureVisitor {
    private final List<String> typeParameterNames = new ArrayList<>();
    private final List<List<TypeBuilder>> typeParameterBounds = new ArrayList<>();
    final List<TypeBuilder> parameters = new ArrayList<>();
    final List<TypeBuilder> interfaces = new ArrayList<>();
    @Nullable TypeBuilder returnType;
    @Nullable TypeBuilder superclass;

    Declaration() {
      super(Opcodes.ASM9);
    }

    @Override
    public void visitFormalTypeParameter(String name) {
      typeParameterNames.add(name);
      typeParameterBounds.add(new ArrayList<>());
    }

    @Override
    public SignatureVisitor visitClassBound() {
      return bound();
    }

    @Override
    public SignatureVisitor visitInterfaceBound() {
      return bound();
    }

    private SignatureVisitor bound() {
      TypeBuilder bound = new TypeBuilder();
      typeParameterBounds.get(typeParameterBounds.size() - 1).add(bound);
      return bound;
    }

    @Override
    public SignatureVisitor visitSuperclass() {
      superclass = new TypeBuilder();
      return superclass;
    }

    @Override
    public SignatureVisitor visitInterface() {
      return add(interfaces);
    }

    @Override
    public SignatureVisitor visitParameterType() {
      return add(parameters);
    }

    @Override
    public SignatureVisitor visitReturnType() {
      returnType = new TypeBuilder();
      return returnType;
    }

    @Override
    public SignatureVisitor visitExceptionType() {
      return new TypeBuilder(); // the Exceptions attribute lists what a method throws
    }

    private static SignatureVisitor add(List<TypeBuilder> types) {
      TypeBuilder type = new TypeBuilder();
      types.add(type);
      return type;
    }

    String typeParameters() {
      if (typeParameterNames.isEmpty()) {
        return "";
      }
      List<String> rendered = new ArrayList<>();
      for (int i = 0; i < typeParameterNames.size(); i++) {
        List<String> bounds =
            typeParameterBounds.get(i).stream().map(TypeBuilder::text).filter(b -> !b.equals("java.lang.Object")).toList();
        rendered.add(typeParameterNames.get(i) + (bounds.isEmpty() ? "" : " extends " + String.join(" & ", bounds)));
      }
      return "<" + String.join(", ", rendered) + ">";
    }
  }

  /** A type argument: {@code ?} (wildcard {@code *}), {@code ? extends}, {@code ? super} or exact. */
  private record Argument(char wildcard, @Nullable TypeBuilder type) {
    String text() {
      if (type == null) {
        return "?";
      }
      return switch (wildcard) {
        case SignatureVisitor.EXTENDS -> "? extends " + type.text();
        case SignatureVisitor.SUPER -> "? super " + type.text();
        default -> type.text();
      };
    }
  }

  /** One type: primitive, type variable, array or (possibly inner, parameterized) class. */
  private static final class TypeBuilder extends SignatureVisitor {
    private @Nullable String simple;
    private @Nullable TypeBuilder component;
    private final StringBuilder classType = new StringBuilder();
    private final List<Argument> pending = new ArrayList<>();

    TypeBuilder() {
      super(Opcodes.ASM9);
    }

    @Override
    public void visitBaseType(char descriptor) {
      simple = switch (descriptor) {
        case 'V' -> "void";
        case 'Z' -> "boolean";
        case 'C' -> "char";
        case 'B' -> "byte";
        case 'S' -> "short";
        case 'I' -> "int";
        case 'F' -> "float";
        case 'J' -> "long";
        case 'D' -> "double";
        default -> throw new IllegalArgumentException("base type " + descriptor);
      };
    }

    @Override
    public void visitTypeVariable(String name) {
      simple = name;
    }

    @Override
    public SignatureVisitor visitArrayType() {
      component = new TypeBuilder();
      return component;
    }

    @Override
    public void visitClassType(String name) {
      classType.append(className(name));
    }

    @Override
    public void visitInnerClassType(String name) {
      closeArguments();
      classType.append('$').append(name);
    }

    @Override
    public void visitTypeArgument() {
      pending.add(new Argument('*', null));
    }

    @Override
    public SignatureVisitor visitTypeArgument(char wildcard) {
      TypeBuilder type = new TypeBuilder();
      pending.add(new Argument(wildcard, type));
      return type;
    }

    @Override
    public void visitEnd() {
      closeArguments();
    }

    /** Type arguments are rendered when their class segment ends (their visits come first). */
    private void closeArguments() {
      if (pending.isEmpty()) {
        return;
      }
      classType.append(pending.stream().map(Argument::text).collect(Collectors.joining(", ", "<", ">")));
      pending.clear();
    }

    String text() {
      if (simple != null) {
        return simple;
      }
      if (component != null) {
        return component.text() + "[]";
      }
      return classType.toString();
    }
  }
}
