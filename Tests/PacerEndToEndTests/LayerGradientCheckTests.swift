import Foundation
import Testing

/// Every layer of the ImageClassifier plugin's C library (Plugins/ImageClassifier),
/// compiled from its real sources with `cc` and OpenBLAS into the program in
/// Fixtures/layer-gradcheck, against central differences: odd sizes,
/// strides, padding, dilation, groups (depthwise too), BatchNorm in training
/// and in eval, dropout with a fixed stream.
@Suite struct LayerGradientCheckTests {
    /// The cases the program checks, one line each.
    private static let cases = [
        "conv2d_odd_stride_pad_dilation_groups", "conv2d_depthwise_stride2_nobias", "conv2d_pointwise",
        "conv2d_1x1_stride2_nobias", "conv2d_5x5_lenet", "conv2d_chunks_of_2_of_5_images",
        "conv2d_row_blocks_thin_stride2", "conv2d_row_blocks_openblas", "conv2d_same_size_dilated_chunks",
        "conv2d_same_size_5x5_narrow", "conv2d_padding_wider_than_input", "conv2d_shifted_dilation_groups_chunks",
        "conv2d_kernel_covers_input", "conv2d_12_filters_stride2_chunks_of_2",
        "conv2d_same_size_dilated_chunks_openblas", "conv2d_same_size_5x5_narrow_openblas",
        "conv2d_flipped_groups_chunks", "conv2d_flipped_fewer_filters_row_blocks",
        "conv2d_shifted_padded_overwriting", "conv2d_kernel_covers_input_overwriting",
        "conv2d_padded_planes_chunks_overwriting", "conv2d_same_size_chunks_overwriting",
        "conv2d_row_blocks_overwriting", "conv2d_row_blocks_padded_overwriting", "conv2d_pointwise_wide_overwriting",
        "conv2d_flipped_groups_chunks_overwriting", "conv2d_flipped_fewer_filters_chunks_overwriting",
        "batchnorm2d_train", "batchnorm2d_eval",
        "batchnorm1d_train", "batchnorm1d_eval", "batchnorm2d_train_odd_planes",
        "batchnorm2d_train_odd_planes_narrow", "batchnorm2d_eval_odd_planes_narrow",
        "batchnorm2d_avx2_matches_baseline", "batchnorm1d_avx2_matches_baseline",
        "batchnorm2d_statistics_far_from_zero", "linear", "linear_nobias", "relu", "relu6", "tanh", "sigmoid",
        "gelu", "tanh_overwriting", "relu_overwriting", "maxpool2d_k3_s2_p1", "maxpool2d_k2_s2_odd",
        "avgpool2d_k2_s2_odd", "avgpool2d_k3_s2_p1", "avgpool2d_k2_s2_even_overwriting", "avgpool2d_k3_s3_overwriting",
        "adaptive_avgpool2d_global", "adaptive_avgpool2d_3x2", "dropout_train", "dropout_eval", "residual_add",
    ]

    @Test func everyLayersBackwardMatchesCentralDifferences() throws {
        let folder = try Fixtures.temporaryDirectory()
        let sources = Fixtures.packageRoot + "/Plugins/ImageClassifier"
        let layerFiles = try FileManager.default.contentsOfDirectory(atPath: sources)
            .filter { ["conv.c", "norm.c", "linear.c", "activation.c", "pool.c", "dropout.c", "residual.c"].contains($0) }
            .map { sources + "/" + $0 }
        #expect(layerFiles.count == 7)
        let program = folder + "/layer_gradcheck"
        let build = try Fixtures.run("/usr/bin/env", [
            "cc", "-std=c11", "-O1", "-Wall", "-Werror", "-I", sources + "/include",
            Fixtures.packageRoot + "/Tests/PacerEndToEndTests/Fixtures/layer-gradcheck/layer_gradcheck.c",
        ] + layerFiles + ["-lopenblas", "-lm", "-o", program])
        try #require(build.status == 0, "\(build.output)")

        let result = try Fixtures.run(program, [])
        #expect(result.status == 0, "\(result.output)")
        let passed = result.output.split(separator: "\n").filter { $0.hasPrefix("ok ") }
            .map { String($0.split(separator: " ")[1]) }
        #expect(passed == Self.cases, "\(result.output)")
    }
}
