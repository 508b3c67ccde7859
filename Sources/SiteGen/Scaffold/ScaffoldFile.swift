/// One file `sitegen new` writes, by path below the new folder.
struct ScaffoldFile: Sendable {
    var path: String
    var text: String
}
