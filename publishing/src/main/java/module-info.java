/**
 * The Kotlin smoke program that {@code ModulePathTest} runs on the module path: Tandem's Kotlin
 * module with kotlin-stdlib and kotlinx-coroutines as named modules, no class path.
 */
module dev.tandem.smoke.kotlin {
  requires dev.tandem.interop;
}
