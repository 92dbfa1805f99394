package dev.tandem.publishing;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import kotlin.metadata.Attributes;
import kotlin.metadata.KmClass;
import kotlin.metadata.KmConstructor;
import kotlin.metadata.KmDeclarationContainer;
import kotlin.metadata.KmFunction;
import kotlin.metadata.KmProperty;
import kotlin.metadata.KmPropertyAccessorAttributes;
import kotlin.metadata.Visibility;
import kotlin.metadata.jvm.JvmExtensionsKt;
import kotlin.metadata.jvm.JvmMemberSignature;
import kotlin.metadata.jvm.JvmMetadataUtil;
import kotlin.metadata.jvm.KotlinClassMetadata;
import org.jspecify.annotations.Nullable;

/**
 * What a class file's {@code kotlin.Metadata} says about visibility where Kotlin and the JVM
 * differ: an {@code internal} (or private) class, function, property, accessor or constructor is
 * public to the JVM but not API; a public one may be synthetic to the JVM ({@code @JvmSynthetic},
 * hidden from Java) and still be Kotlin API. Java classes have no metadata.
 */
final class KotlinVisibility {
  static final KotlinVisibility NONE = new KotlinVisibility(false, false, Set.of(), Set.of());

  private final boolean hidesClass;
  private final boolean facade;
  private final Set<String> hiddenMembers; // name + descriptor
  private final Set<String> publicMembers;

  private KotlinVisibility(boolean hidesClass, boolean facade, Set<String> hiddenMembers, Set<String> publicMembers) {
    this.hidesClass = hidesClass;
    this.facade = facade;
    this.hiddenMembers = hiddenMembers;
    this.publicMembers = publicMembers;
  }

  /** An internal or private Kotlin class. */
  boolean hidesClass() {
    return hidesClass;
  }

  /** A file facade ({@code @file:JvmName}): a class only as a holder of its file's members. */
  boolean isFacade() {
    return facade;
  }

  /** A JVM member of a non-public Kotlin declaration. */
  boolean hides(String name, String descriptor) {
    return hiddenMembers.contains(name + descriptor);
  }

  /** A JVM member of a public or protected Kotlin declaration. */
  boolean declaresPublic(String name, String descriptor) {
    return publicMembers.contains(name + descriptor);
  }

  /** Reads the values of a {@code kotlin.Metadata} annotation (k, mv, d1, d2, xs, pn, xi). */
  static KotlinVisibility of(Map<String, Object> values) {
    KotlinClassMetadata metadata = KotlinClassMetadata.readLenient(JvmMetadataUtil.Metadata(
        (Integer) values.get("k"),
        (int[]) values.get("mv"),
        (String[]) values.get("d1"),
        (String[]) values.get("d2"),
        (String) values.get("xs"),
        (String) values.get("pn"),
        (Integer) values.get("xi")));
    Set<String> hidden = new HashSet<>();
    Set<String> shown = new HashSet<>();
    if (metadata instanceof KotlinClassMetadata.Class kotlinClass) {
      KmClass km = kotlinClass.getKmClass();
      for (KmConstructor constructor : km.getConstructors()) {
        add(isPublic(Attributes.getVisibility(constructor)) ? shown : hidden, JvmExtensionsKt.getSignature(constructor));
      }
      members(km, hidden, shown);
      return new KotlinVisibility(!isPublic(Attributes.getVisibility(km)), false, hidden, shown);
    }
    if (metadata instanceof KotlinClassMetadata.FileFacade facade) {
      members(facade.getKmPackage(), hidden, shown);
    } else if (metadata instanceof KotlinClassMetadata.MultiFileClassPart part) {
      members(part.getKmPackage(), hidden, shown);
    } else {
      return new KotlinVisibility(false, false, hidden, shown);
    }
    return new KotlinVisibility(false, true, hidden, shown);
  }

  private static void members(KmDeclarationContainer container, Set<String> hidden, Set<String> shown) {
    for (KmFunction function : container.getFunctions()) {
      add(isPublic(Attributes.getVisibility(function)) ? shown : hidden, JvmExtensionsKt.getSignature(function));
    }
    for (KmProperty property : container.getProperties()) {
      boolean propertyPublic = isPublic(Attributes.getVisibility(property));
      add(propertyPublic ? shown : hidden, JvmExtensionsKt.getFieldSignature(property));
      boolean getterPublic = propertyPublic && isPublic(Attributes.getVisibility(property.getGetter()));
      add(getterPublic ? shown : hidden, JvmExtensionsKt.getGetterSignature(property));
      @Nullable KmPropertyAccessorAttributes setter = property.getSetter();
      if (setter != null) {
        boolean setterPublic = propertyPublic && isPublic(Attributes.getVisibility(setter));
        add(setterPublic ? shown : hidden, JvmExtensionsKt.getSetterSignature(property));
      }
    }
  }

  private static boolean isPublic(Visibility visibility) {
    return visibility == Visibility.PUBLIC || visibility == Visibility.PROTECTED;
  }

  private static void add(Set<String> hidden, @Nullable JvmMemberSignature signature) {
    if (signature != null) {
      hidden.add(signature.getName() + signature.getDescriptor());
    }
  }
}
