import JSONCore
import struct Foundation.Data

/// Reads schema files, checks them against the meta-schema and the rules the meta-schema cannot express, and
/// collects every problem with its line.
struct SchemaValidation {
    let metaSchema: JSONValue
    private(set) var diagnostics: [SchemaDiagnostic] = []
    private var firstDefinition: [String: (file: String, line: Int)] = [:]
    private var toolsetFiles: [String: String] = [:]

    init(metaSchema: JSONValue) {
        self.metaSchema = metaSchema
    }

    mutating func load(_ file: InMemoryInputFile) -> ModuleModel? {
        let document: JSONDocument
        do {
            document = try JSONParser.parseDocument(file.contents, recordingLines: true)
        } catch {
            report(
                file.displayPath, error.line,
                "Invalid JSON: \(error.reason) (column \(error.column)). Fix the syntax; "
                    + "the file must be one JSON object.")
            return nil
        }
        let errorCountBefore = diagnostics.count
        let combinators = ["anyOf", "oneOf", "allOf"]
        let metaViolations = JSONSchemaValidator(schema: metaSchema, vocabulary: .keys).validate(document.value)
        for violation in metaViolations {
            // Top-level combinators get a message of their own below.
            if violation.path.count == 4, case .key(let last) = violation.path[3], combinators.contains(last),
                case .key("input") = violation.path[2]
            {
                continue
            }
            let location = violation.path.isEmpty ? "" : " (at \(violation.path.dottedName))"
            report(file.displayPath, document.line(of: violation.pointer), violation.message + location)
        }
        guard case .object(let root) = document.value else { return nil }
        let toolset = root["toolset"]?.stringValue ?? ""
        if let other = toolsetFiles[toolset], !toolset.isEmpty {
            report(
                file.displayPath, document.line(of: "/toolset"),
                "Toolset '\(toolset)' is already declared by \(other); give each schema file its own toolset.")
        }
        toolsetFiles[toolset] = file.displayPath

        var tools: [ToolModel] = []
        for (index, entry) in (root["tools"]?.arrayValue ?? []).enumerated() {
            guard case .object(let tool) = entry else { continue }
            let pointer = "/tools/\(index)"
            for combinator in combinators where tool["input"]?[combinator] != nil {
                report(
                    file.displayPath, document.line(of: "\(pointer)/input/\(combinator)"),
                    "Top-level '\(combinator)' in the input schema of '\(tool["name"]?.stringValue ?? "?")' is not "
                        + "allowed: Claude and other clients reject such tools. Use one flat object and explain the "
                        + "alternatives in the property descriptions.")
            }
            if let model = checkTool(tool, pointer: pointer, toolset: toolset, file: file, document: document) {
                tools.append(model)
            }
        }
        guard diagnostics.count == errorCountBefore else { return nil }
        return ModuleModel(
            toolset: toolset, title: root["title"]?.stringValue ?? toolset, file: file.displayPath, tools: tools)
    }

    // MARK: - One tool

    private mutating func checkTool(
        _ tool: [String: JSONValue],
        pointer: String,
        toolset: String,
        file: InMemoryInputFile,
        document: JSONDocument
    ) -> ToolModel? {
        let path = file.displayPath
        func line(_ suffix: String) -> Int { document.line(of: pointer + suffix) }
        guard let name = tool["name"]?.stringValue, let method = tool["method"]?.stringValue,
            let template = tool["path"]?.stringValue, let access = tool["access"]?.stringValue,
            case .object(let input) = tool["input"] ?? .null
        else { return nil }

        if let first = firstDefinition[name] {
            report(
                path, line("/name"),
                "Duplicate tool name '\(name)'; it is already defined at \(first.file):\(first.line). "
                    + "Tool names must be unique across all schema files.")
        } else {
            firstDefinition[name] = (path, line("/name"))
        }

        let properties = input["properties"]?.objectValue ?? [:]
        let required = Set((input["required"]?.arrayValue ?? []).compactMap(\.stringValue))
        for key in required.sorted() where properties[key] == nil {
            report(
                path, line("/input/required"),
                "'\(key)' is listed in required but not declared in input.properties "
                    + "of '\(name)'; declare it or remove it from required.")
        }
        for key in properties.keys.sorted() where GeneratedArguments.reserved.contains(key) {
            report(
                path, line("/input/properties/\(key)"),
                "'\(key)' is added by the generator to every tool that needs "
                    + "it; remove it from the input of '\(name)'.")
        }

        let isList = tool["response"]?["list"]?.boolValue ?? false
        if access == "read" && method != "GET" {
            report(
                path, line("/access"),
                "'\(name)' is declared read but uses \(method); read tools must use GET. "
                    + "Declare access write or destructive.")
        }
        if isList && method != "GET" {
            report(
                path, line("/response/list"), "'\(name)' is a list but uses \(method); only GET tools can be paginated."
            )
        }
        let rowFields = (tool["response"]?["row"]?.arrayValue ?? []).compactMap(\.stringValue)
        let sum = tool["response"]?["sum"]?.objectValue
        if !isList && (!rowFields.isEmpty || sum != nil) {
            report(
                path, line("/response"),
                "'\(name)' declares a compact row or a sum but is not a list; add \"list\": true or remove them.")
        }

        // Path placeholders.
        let placeholders = PathTemplate.placeholders(in: template)
        if placeholders == nil {
            report(
                path, line("/path"), "The path of '\(name)' has an unbalanced '{' or '}'; write placeholders as {name}."
            )
        }
        for placeholder in placeholders ?? [] {
            guard let schema = properties[placeholder] else {
                report(
                    path, line("/path"),
                    "Path parameter {\(placeholder)} of '\(name)' is not declared in input.properties; "
                        + "add \"\(placeholder)\": {\"type\": \"string\"} and list it in required.")
                continue
            }
            if schema["type"]?.stringValue != "string" {
                report(
                    path, line("/input/properties/\(placeholder)"),
                    "Path parameter '\(placeholder)' of '\(name)' must "
                        + "have \"type\": \"string\".")
            }
            if !required.contains(placeholder) {
                report(
                    path, line("/input/properties/\(placeholder)"),
                    "Path parameter '\(placeholder)' of '\(name)' must be "
                        + "listed in input.required.")
            }
        }

        // Parameter destinations.
        let overrides = tool["params"]?.objectValue ?? [:]
        for key in overrides.keys.sorted() where properties[key] == nil {
            report(
                path, line("/params/\(key)"),
                "params names '\(key)', which is not an input property of '\(name)'; "
                    + "declare it in input.properties or remove it from params.")
        }
        var parameters: [ParameterModel] = []
        for key in properties.keys.sorted() {
            let schema = properties[key]!
            let override = overrides[key]?.objectValue ?? [:]
            let defaultLocation =
                (placeholders ?? []).contains(key) ? "path" : (method == "GET" || method == "DELETE" ? "query" : "body")
            let location = override["in"]?.stringValue ?? defaultLocation
            let zohoName = override["name"]?.stringValue ?? key
            if location == "path" && !(placeholders ?? []).contains(zohoName) {
                report(
                    path, line("/params/\(key)"),
                    "'\(key)' of '\(name)' goes in the path, but the path has no "
                        + "{\(zohoName)} placeholder.")
            }
            if location == "body" && (method == "GET" || method == "DELETE") {
                report(
                    path, line("/params/\(key)"),
                    "'\(name)' uses \(method), which sends no body; put '\(key)' in the query.")
            }
            if location != "body", let type = schema["type"]?.stringValue, type == "object" || type == "array" {
                report(
                    path, line("/input/properties/\(key)"),
                    "'\(key)' of '\(name)' is an \(type) and cannot go in the "
                        + "\(location); only strings, numbers and booleans can.")
            }
            var values: [String: String] = [:]
            if let mapping = override["values"]?.objectValue {
                let enumeration = (schema["enum"]?.arrayValue ?? []).compactMap(\.stringValue)
                if enumeration.isEmpty {
                    report(
                        path, line("/params/\(key)/values"),
                        "params.\(key).values maps values, but '\(key)' of '\(name)' "
                            + "has no enum of strings; add the enum.")
                }
                for value in enumeration where mapping[value] == nil {
                    report(
                        path, line("/params/\(key)/values"),
                        "Enum value '\(value)' of '\(key)' in '\(name)' has no entry "
                            + "in params.\(key).values; map every enum value.")
                }
                for value in mapping.keys.sorted() where !enumeration.isEmpty && !enumeration.contains(value) {
                    report(
                        path, line("/params/\(key)/values/\(value)"),
                        "params.\(key).values maps '\(value)', which is not "
                            + "an enum value of '\(key)' in '\(name)'.")
                }
                for (value, target) in mapping { values[value] = target.stringValue ?? "" }
            }
            parameters.append(ParameterModel(argument: key, location: location, name: zohoName, values: values))
        }

        let usesOrganization = tool["organization"]?.boolValue ?? true
        var finalProperties = properties
        if usesOrganization {
            finalProperties[GeneratedArguments.organizationID] = GeneratedArguments.organizationSchema
        }
        if !rowFields.isEmpty {
            finalProperties[GeneratedArguments.detail] = GeneratedArguments.detailSchema
        }
        if isList {
            finalProperties[GeneratedArguments.page] = GeneratedArguments.pageSchema
            finalProperties[GeneratedArguments.perPage] = GeneratedArguments.perPageSchema
            parameters.append(ParameterModel(argument: "page", location: "query", name: "page", values: [:]))
            parameters.append(ParameterModel(argument: "per_page", location: "query", name: "per_page", values: [:]))
        }
        var finalInput = input
        finalInput["properties"] = .object(finalProperties)
        finalInput["additionalProperties"] = .bool(false)
        if required.isEmpty { finalInput.removeValue(forKey: "required") }

        let idempotentDefault = method != "POST"
        return ToolModel(
            name: name,
            title: tool["title"]?.stringValue ?? name,
            description: tool["description"]?.stringValue ?? "",
            toolset: toolset,
            access: access,
            method: method,
            path: template,
            usesOrganization: usesOrganization,
            isList: isList,
            responseKey: tool["response"]?["key"]?.stringValue,
            rowFields: rowFields,
            sumField: sum?["field"]?.stringValue,
            sumLabel: sum?["label"]?.stringValue,
            readOnly: access == "read",
            destructive: access == "destructive",
            idempotent: tool["idempotent"]?.boolValue ?? idempotentDefault,
            openWorld: tool["open_world"]?.boolValue ?? false,
            parameters: parameters.sorted { $0.argument < $1.argument },
            inputSchema: .object(finalInput)
        )
    }

    private mutating func report(_ file: String, _ line: Int, _ message: String) {
        diagnostics.append(SchemaDiagnostic(file: file, line: line, message: message))
    }
}

/// Parses `{name}` placeholders out of a path template.
enum PathTemplate {
    /// The placeholder names in order, or nil when braces do not balance.
    static func placeholders(in template: String) -> [String]? {
        var names: [String] = []
        var current: String? = nil
        for character in template {
            switch character {
            case "{":
                guard current == nil else { return nil }
                current = ""
            case "}":
                guard let name = current, !name.isEmpty else { return nil }
                names.append(name)
                current = nil
            default:
                if current != nil { current!.append(character) }
            }
        }
        return current == nil ? names : nil
    }
}
