import Foundation

/// Writes a model-shaped value as a rest-xml body element, following botocore's rest-xml
/// serializer (member order from the model, namespaces and attributes from the traits).
struct XMLBodyWriter {
    let model: ServiceModel

    /// The document for `value` under the element `name`.
    func document(_ value: AWSValue, ref: ShapeRef, name: String) -> String {
        var writer = XMLWriter()
        write(value, ref: ref, name: name, into: &writer)
        return writer.text
    }

    private func namespaceAttributes(_ ns: XMLNamespace?) -> [(String, String)] {
        guard let ns else { return [] }
        return [(ns.prefix.map { "xmlns:\($0)" } ?? "xmlns", ns.uri)]
    }

    private func write(_ value: AWSValue, ref: ShapeRef, name: String, into w: inout XMLWriter) {
        guard !value.isNull, let shape = model.shape(ref.shape) else { return }
        switch (shape.kind, value) {
        case (.structure, .map(let given)):
            var attributes = namespaceAttributes(ref.namespace(shape))
            for member in shape.members where member.ref.xmlAttribute {
                if let v = given[member.name], let text = ScalarText.text(v, timestampFormat: "iso8601") {
                    attributes.append((member.ref.wireName(nil, default: member.name), text))
                }
            }
            w.open(name, attributes: attributes)
            for member in shape.members where !member.ref.xmlAttribute {
                guard let v = given[member.name], !v.isNull else { continue }
                let childName = member.ref.wireName(model.shape(member.ref.shape), default: member.name)
                write(v, ref: member.ref, name: childName, into: &w)
            }
            w.close(name)
        case (.list, .list(let items)):
            guard let element = shape.member else { return }
            if ref.isFlattened(shape) {
                for item in items { write(item, ref: element, name: name, into: &w) }
            } else {
                let elementName = element.wireName(model.shape(element.shape), default: "member")
                w.open(name, attributes: namespaceAttributes(ref.namespace(shape)))
                for item in items { write(item, ref: element, name: elementName, into: &w) }
                w.close(name)
            }
        case (.map, .map(let entries)):
            guard let keyRef = shape.key, let valueRef = shape.value else { return }
            w.open(name, attributes: namespaceAttributes(ref.namespace(shape)))
            for key in entries.keys.sorted() {
                w.open("entry")
                w.element(keyRef.locationName ?? "key", key)
                write(entries[key] ?? .null, ref: valueRef, name: valueRef.locationName ?? "value", into: &w)
                w.close("entry")
            }
            w.close(name)
        case (.blob, _):
            w.element(name, Data(value.blobBytes ?? []).base64EncodedString())
        default:
            let format = ref.timestampFormat(shape) ?? "iso8601"
            if let text = ScalarText.text(value, timestampFormat: format) { w.element(name, text) }
        }
    }
}
