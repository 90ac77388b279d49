import PlatformSupport
import Testing

/// The digest that binds confirmation tokens and duplicate checks to exact arguments, against known values.
@Suite struct SHA256Tests {
    @Test(
        "Digests match the standard's values, across the padding boundaries and several blocks",
        arguments: [
            ([UInt8](), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            (Array("abc".utf8), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            ([UInt8](repeating: 0x61, count: 55), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
            ([UInt8](repeating: 0x61, count: 56), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
            (
                Array((0..<1024).map { UInt8($0 % 256) }),
                "785b0751fc2c53dc14a4ce3d800e69ef9ce1009eb327ccf458afe09c242c26c9"
            ),
        ])
    func knownValues(input: [UInt8], digest: String) {
        #expect(SHA256.hex(input) == digest)
    }
}
