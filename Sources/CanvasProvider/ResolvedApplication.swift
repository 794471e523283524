public import CanvasAPI
public import Manifest

/// A manifest's application with the catalog application it is an instance of.
public struct ResolvedApplication: Sendable {
    public var spec: ApplicationSpec
    /// The catalog entry `spec.app` names (by id, name or shortName).
    public var catalogApplication: CatalogApplication

    public init(spec: ApplicationSpec, catalogApplication: CatalogApplication) {
        self.spec = spec
        self.catalogApplication = catalogApplication
    }
}
