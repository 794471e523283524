import Manifest
import OrderedCollections
import Testing
import YAML

/// Every field of the manifest language, decoded into typed values.
struct ManifestFieldTests {
    static let full = """
        version: 1
        account: BE4F3F1E-0E6D-4F68-B8D8-546163C5DFAD
        variables:
          region: Oslo
          size: 10
        applications:
          quinyx:
            app: Quinyx
            name: Quinyx ${var.region}
            credentials:
              apikey: ${env:QUINYX_KEY}
              environment: live
              port: 21
              secure: true
              unused: null
            id: fda1f9ee-4c7f-4e0a-a459-2e434dbbef7d
            protect: true
          ftp:
            app: FTP
        workflows:
          export:
            name: Export ${var.region}
            description: Size ${var.size}, literal $${var.region}
            template: Demo workflow
            applications:
              QUIN: quinyx
              FTP: ftp
            variables:
              amountToObtainWfQ: "${var.size}"
              keys: [a, 2, null]
              locationsMapping:
                table:
                  - { source: Oslo, target: OSL }
                  - { source: Bergen, target: null }
                default: XXX
            chain:
              Get Employees:
                amountToObtain: { variableSource: 2, variableName: amountToObtainWfQ, value: "10" }
            schedule:
              cron: "0 0 2,6 ? * TUE *"
              enabled: false
            deploy: true
            protect: true
            id: b459cf22-ad18-44bf-80dc-6e8b78be1cc5
          minimal:
            template: c35de990-ccfa-4aab-966e-96e0b3044d71
            schedule: { cron: "0 0/5 * ? * *" }
        """

    @Test("every field of an application and a workflow is decoded")
    func fullDocument() async throws {
        let fixture = try ManifestFixture(["set.yaml": Self.full])
        let set = try #require(await fixture.load(environment: ["QUINYX_KEY": "s3cret"]).value)

        #expect(set.documentCount == 1)
        #expect(set.accounts == ["be4f3f1e-0e6d-4f68-b8d8-546163c5dfad"])
        #expect(set.variables.keys.elementsEqual(["region", "size"]))

        let quinyx = try #require(set.applications.first)
        #expect(quinyx.address == "application.quinyx")
        #expect(quinyx.account == "be4f3f1e-0e6d-4f68-b8d8-546163c5dfad")
        #expect(quinyx.app.value == "Quinyx")
        #expect(quinyx.name.value == "Quinyx Oslo")
        #expect(quinyx.credentials["apikey"]?.value == .string("s3cret"))
        #expect(quinyx.credentials["environment"]?.value == .string("live"))
        #expect(quinyx.credentials["port"]?.value == .int(21))
        #expect(quinyx.credentials["secure"]?.value == .bool(true))
        #expect(quinyx.credentials["unused"]?.value == .null)
        #expect(quinyx.credentials.values.allSatisfy { $0.isSensitive }, "every credential is sensitive")
        #expect(quinyx.id?.value == "fda1f9ee-4c7f-4e0a-a459-2e434dbbef7d")
        #expect(quinyx.protect)
        #expect(quinyx.location.line == 7 && quinyx.location.column == 3)

        let ftp = set.applications[1]
        #expect(ftp.name.value == "ftp", "name defaults to the key")
        #expect(ftp.credentials.isEmpty && ftp.id == nil && !ftp.protect)

        let export = try #require(set.workflows.first)
        #expect(export.address == "workflow.export")
        #expect(export.name.value == "Export Oslo")
        #expect(export.description?.value == "Size 10, literal ${var.region}")
        #expect(export.template.value == "Demo workflow")
        #expect(export.applications.mapValues(\.value) == ["QUIN": "quinyx", "FTP": "ftp"])
        #expect(export.variables["amountToObtainWfQ"]?.value == .scalar(.string("10")))
        #expect(export.variables["keys"]?.value == .list([.string("a"), .int(2), .null]))
        #expect(export.variables["locationsMapping"]?.value == .lookupTable(LookupTable(
            rows: [.init(source: .string("Oslo"), target: .string("OSL")), .init(source: .string("Bergen"), target: .null)],
            defaultValue: .string("XXX")
        )))
        #expect(export.chain["Get Employees"]?["amountToObtain"]?.value == ChainVariable(
            variableSource: 2, variableName: "amountToObtainWfQ", value: .scalar(.string("10"))
        ))
        let schedule = try #require(export.schedule)
        let expectedCron = try CronExpression("0 0 2,6 ? * TUE *")
        #expect(schedule.cron.value == expectedCron)
        #expect(schedule.enabled == false)
        #expect(export.deploy && export.protect)
        #expect(export.id?.value == "b459cf22-ad18-44bf-80dc-6e8b78be1cc5")

        let minimal = set.workflows[1]
        #expect(minimal.name.value == "minimal")
        #expect(minimal.description == nil && minimal.applications.isEmpty && minimal.variables.isEmpty && minimal.chain.isEmpty)
        #expect(minimal.schedule?.enabled == true, "a schedule is enabled unless it says otherwise")
        #expect(!minimal.deploy && !minimal.protect)
    }

    @Test("a document without account manages the keys' own account; version may be omitted")
    func defaults() async throws {
        let fixture = try ManifestFixture(["a.yaml": "applications:\n  a:\n    app: Quinyx\n"])
        let set = try #require(await fixture.load().value)
        #expect(set.accounts == [nil])
        #expect(set.applications.first?.account == nil)
    }

    @Test("multi-document files and directories read recursively in sorted order")
    func multiFile() async throws {
        let fixture = try ManifestFixture([
            "b/z.yml": "workflows:\n  w2:\n    template: T\n",
            "b/a.yaml": "applications:\n  a2:\n    app: X\n---\nworkflows:\n  w1:\n    template: T\n",
            "a.yaml": "# only a comment\n",
            "empty.yaml": "",
            "notes.txt": "not: [a manifest",
            ".hidden/x.yaml": "not: [a manifest",
            "c.yaml": "---\n---\napplications:\n  a1:\n    app: X\n",
        ])
        let set = try #require(await fixture.load().value)
        #expect(set.files.map(fixture.strip) == ["a.yaml", "b/a.yaml", "b/z.yml", "c.yaml", "empty.yaml"])
        #expect(set.applications.map(\.key) == ["a2", "a1"])
        #expect(set.workflows.map(\.key) == ["w1", "w2"])
        #expect(set.documentCount == 5, "empty documents count too")
    }

    @Test("documents of different accounts in one set")
    func multiAccount() async throws {
        let fixture = try ManifestFixture([
            "oslo.yaml": "account: be4f3f1e-0e6d-4f68-b8d8-546163c5dfad\napplications:\n  oslo-q:\n    app: Quinyx\nworkflows:\n  oslo-w:\n    template: T\n    applications: { QUIN: oslo-q }\n",
            "bergen.yaml": "account: 78e83bd6-32b1-41b6-b172-9e6dc88d6477\napplications:\n  bergen-q:\n    app: Quinyx\n",
        ])
        let set = try #require(await fixture.load().value)
        #expect(set.accounts == ["78e83bd6-32b1-41b6-b172-9e6dc88d6477", "be4f3f1e-0e6d-4f68-b8d8-546163c5dfad"])
        #expect(set.workflows.first?.account == "be4f3f1e-0e6d-4f68-b8d8-546163c5dfad")
    }
}
