using System.Buffers.Binary;
using Google.Protobuf;
using Onnx;
using TinyVmaf.Model.Onnx;
using TinyVmaf.Model.Teacher;
using static TinyVmaf.Model.Onnx.OnnxExporter;

namespace TinyVmaf.Model.Anchored;

/// <summary>
/// Writes an <see cref="AnchoredMos"/> as one ONNX graph of allowlisted ops, the VMAF anchor included, so the
/// model runs wherever our regressors run (the same contract: <c>features</c> [N, F] and, codec-aware,
/// <c>codec_onehot</c> [N, 6] → <c>score</c> [N]) and needs nothing but the raw features of any libvmaf log.
/// </summary>
/// <remarks>
/// The nu-SVR of vmaf_v0.6.1 becomes <c>Σ coef_i·exp(−γ‖x − sv_i‖²) − ρ</c> with the squared distance spelled
/// <c>‖x‖² − 2 x·sv_i + ‖sv_i‖²</c> (a Gemm against the support vectors) and clamped at 0 against float
/// cancellation. The graph casts its float32 inputs to double and computes in double, as libvmaf and the managed
/// reference do: in float32 the SVR's sum of large terms loses about 2e-3 VMAF. The sidecar pins a mean of 0 and a std of 1 for every feature: the graph takes raw libvmaf
/// values, which float32 holds well (PSNR is at most 60 dB after its cap).
/// </remarks>
internal static class AnchoredMosGraph
{
    internal const string ProducerVersion = "anchored-graph-1";

    public static byte[] Export(AnchoredMos model) => Build(model).ToByteArray();

    public static ModelProto Build(AnchoredMos model)
    {
        var vmaf = model.Vmaf;
        if (vmaf.NormType != VmafNormType.LinearRescale || vmaf.Transform.Enabled)
            throw new ArgumentException($"{vmaf.Path}: only a linear_rescale model without a score transform (as vmaf_v0.6.1 by default) fits the anchored graph");

        var p = model.Parameters;
        bool codecAware = p.CodecAware;
        var graph = new GraphProto { Name = codecAware ? "tinyvmaf_anchored_mos_v2" : "tinyvmaf_anchored_mos_v1" };
        string features = OnnxContract.FeaturesInput;
        graph.Input.Add(FloatTensorInfo(features, model.FeatureOrder.Count));
        if (codecAware)
            graph.Input.Add(FloatTensorInfo(OnnxContract.CodecOneHotInput, OnnxContract.CodecOneHotWidth));

        // The SVR's inputs in the order the model file lists them, rescaled as libvmaf does.
        var keys = vmaf.FeatureKeys;
        int d = keys.Count;
        long[] svrColumns = keys.Select(k => (long)IndexIn(model.FeatureOrder, AnchoredMos.NameOfKey(k))).ToArray();
        graph.Initializer.Add(Int64Tensor("svr_columns", [d], svrColumns));
        graph.Initializer.Add(DoubleTensor("svr_slopes", [d], vmaf.FeatureSlopes.ToArray()));
        graph.Initializer.Add(DoubleTensor("svr_intercepts", [d], vmaf.FeatureIntercepts.ToArray()));
        graph.Node.Add(Node("Cast", "features_to_double", [features, ], ["features_double"], IntAttribute("to", (long)TensorProto.Types.DataType.Double)));
        graph.Node.Add(Node("Gather", "svr_gather", ["features_double", "svr_columns"], ["svr_raw"], IntAttribute("axis", 1)));
        graph.Node.Add(Node("Mul", "svr_scale", ["svr_raw", "svr_slopes"], ["svr_scaled"]));
        graph.Node.Add(Node("Add", "svr_shift", ["svr_scaled", "svr_intercepts"], ["svr_x"]));

        var svm = vmaf.Svm;
        int count = svm.SupportVectorCount, dimension = svm.Dimension;
        if (dimension > d)
            throw new ArgumentException($"{vmaf.Path}: support vectors have {dimension} dimensions for {d} features");
        var sv = new double[count * d];
        var svNorms = new double[count];
        for (int i = 0; i < count; i++)
        {
            double norm = 0;
            for (int j = 0; j < dimension; j++)
            {
                double value = svm.SupportVectors[i * dimension + j];
                sv[i * d + j] = value;
                norm += value * value;
            }
            svNorms[i] = norm;
        }
        graph.Initializer.Add(DoubleTensor("svr_vectors", [count, d], sv));
        graph.Initializer.Add(DoubleTensor("svr_vector_norms", [count], svNorms));
        graph.Initializer.Add(DoubleTensor("svr_coefficients", [count, 1], svm.Coefficients.ToArray()));
        graph.Initializer.Add(DoubleTensor("svr_minus_rho", [1], [-svm.Rho]));
        graph.Initializer.Add(DoubleTensor("minus_two", [], [-2.0]));
        graph.Initializer.Add(DoubleTensor("zero", [], [0.0]));
        graph.Initializer.Add(DoubleTensor("minus_gamma", [], [-svm.Gamma]));
        graph.Initializer.Add(Int64Tensor("axis_1", [1], [1]));
        graph.Node.Add(Node("Mul", "svr_square", ["svr_x", "svr_x"], ["svr_x2"]));
        graph.Node.Add(Node("ReduceSum", "svr_norm", ["svr_x2", "axis_1"], ["svr_xx"], IntAttribute("keepdims", 1)));
        graph.Node.Add(Node("Gemm", "svr_dot", ["svr_x", "svr_vectors"], ["svr_xs"], IntAttribute("transB", 1)));
        graph.Node.Add(Node("Mul", "svr_dot2", ["svr_xs", "minus_two"], ["svr_m2xs"]));
        graph.Node.Add(Node("Add", "svr_d1", ["svr_m2xs", "svr_xx"], ["svr_dist1"]));
        graph.Node.Add(Node("Add", "svr_d2", ["svr_dist1", "svr_vector_norms"], ["svr_dist2"]));
        graph.Node.Add(Node("Max", "svr_d3", ["svr_dist2", "zero"], ["svr_dist"]));
        graph.Node.Add(Node("Mul", "svr_gamma", ["svr_dist", "minus_gamma"], ["svr_exponent"]));
        graph.Node.Add(Node("Exp", "svr_kernel", ["svr_exponent"], ["svr_k"]));
        graph.Node.Add(Node("Gemm", "svr_sum", ["svr_k", "svr_coefficients", "svr_minus_rho"], ["svr_decision"]));

        // Denormalise, clip to [0, 100] (score_clip; also the calibration's domain), then (vmaf / 100)^p.
        graph.Initializer.Add(DoubleTensor("vmaf_intercept", [], [vmaf.Intercept]));
        graph.Initializer.Add(DoubleTensor("vmaf_slope", [], [vmaf.Slope]));
        graph.Initializer.Add(DoubleTensor("hundred", [], [100.0]));
        graph.Initializer.Add(DoubleTensor("exponent", [], [p.Exponent]));
        graph.Node.Add(Node("Sub", "vmaf_unshift", ["svr_decision", "vmaf_intercept"], ["vmaf_shifted"]));
        graph.Node.Add(Node("Div", "vmaf_unscale", ["vmaf_shifted", "vmaf_slope"], ["vmaf_raw"]));
        graph.Node.Add(Node("Clip", "vmaf_clip", ["vmaf_raw", "zero", "hundred"], ["vmaf"]));
        graph.Node.Add(Node("Div", "vmaf_unit", ["vmaf", "hundred"], ["vmaf_fraction"]));
        graph.Node.Add(Node("Pow", "vmaf_calibrate", ["vmaf_fraction", "exponent"], ["calibrated"]));
        string total = "calibrated";

        int k = p.CorrectionFeatures.Count;
        if (k > 0)
        {
            // Σ w_j (min(x_j, cap_j) − μ_j) / σ_j as one Gemm: weights w_j/σ_j, bias −Σ w_j μ_j / σ_j.
            long[] columns = p.CorrectionFeatures.Select(f => (long)IndexIn(model.FeatureOrder, f)).ToArray();
            var caps = p.CorrectionFeatures.Select(f => Math.Min(AnchoredMosParameters.CapOf(f), double.MaxValue)).ToArray();
            var weights = new double[k];
            double bias = 0;
            for (int j = 0; j < k; j++)
            {
                weights[j] = p.CorrectionWeights[j] / p.CorrectionStd[j];
                bias -= p.CorrectionWeights[j] * p.CorrectionMean[j] / p.CorrectionStd[j];
            }
            graph.Initializer.Add(Int64Tensor("correction_columns", [k], columns));
            graph.Initializer.Add(DoubleTensor("correction_caps", [k], caps));
            graph.Initializer.Add(DoubleTensor("correction_weights", [k, 1], weights));
            graph.Initializer.Add(DoubleTensor("correction_bias", [1], [bias]));
            graph.Node.Add(Node("Gather", "correction_gather", ["features_double", "correction_columns"], ["correction_raw"], IntAttribute("axis", 1)));
            graph.Node.Add(Node("Min", "correction_cap", ["correction_raw", "correction_caps"], ["correction_capped"]));
            graph.Node.Add(Node("Gemm", "correction_sum", ["correction_capped", "correction_weights", "correction_bias"], ["correction"]));
            graph.Node.Add(Node("Add", "add_correction", [total, "correction"], ["with_correction"]));
            total = "with_correction";
        }

        if (codecAware)
        {
            graph.Initializer.Add(DoubleTensor("codec_offsets", [OnnxContract.CodecOneHotWidth, 1], p.CodecOffsets!.ToArray()));
            graph.Node.Add(Node("Cast", "codec_to_double", [OnnxContract.CodecOneHotInput], ["codec_double"], IntAttribute("to", (long)TensorProto.Types.DataType.Double)));
            graph.Node.Add(Node("Gemm", "codec_offset", ["codec_double", "codec_offsets"], ["codec"]));
            graph.Node.Add(Node("Add", "add_codec", [total, "codec"], ["with_codec"]));
            total = "with_codec";
        }

        graph.Initializer.Add(DoubleTensor("mos_slope", [], [p.Slope]));
        graph.Initializer.Add(DoubleTensor("mos_intercept", [], [p.Intercept]));
        graph.Node.Add(Node("Mul", "mos_scale", [total, "mos_slope"], ["mos_scaled"]));
        graph.Node.Add(Node("Add", "mos_shift", ["mos_scaled", "mos_intercept"], ["score_double"]));
        graph.Node.Add(Node("Cast", "score_to_float", ["score_double"], ["score_column"], IntAttribute("to", (long)TensorProto.Types.DataType.Float)));
        graph.Node.Add(Node("Squeeze", "score_squeeze", ["score_column", "axis_1"], [OnnxContract.ScoreOutput]));
        graph.Output.Add(FloatTensorInfo(OnnxContract.ScoreOutput, null));

        var proto = new ModelProto
        {
            IrVersion = OnnxContract.IrVersion,
            ProducerName = ProducerName,
            ProducerVersion = ProducerVersion,
            Graph = graph,
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OnnxContract.Opset });
        return proto;
    }

    private static int IndexIn(IReadOnlyList<string> order, string name)
    {
        for (int i = 0; i < order.Count; i++)
        {
            if (order[i] == name)
                return i;
        }
        throw new ArgumentException($"'{name}' is not among the model's features ({string.Join(", ", order)}).");
    }

    private static TensorProto DoubleTensor(string name, long[] dims, ReadOnlySpan<double> values)
    {
        // raw_data is little-endian by the ONNX spec, whatever the machine.
        byte[] raw = new byte[values.Length * sizeof(double)];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteDoubleLittleEndian(raw.AsSpan(i * sizeof(double)), values[i]);
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Double, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }
}
