namespace TinyVmaf.Features.PsnrHvs;

/// <summary>
/// The weights of one plane in libvmaf's <c>psnr_hvs</c>: a contrast sensitivity (CSF) weight per DCT
/// coefficient, and the masking weights derived from it. Row-major, <c>[i * 8 + j]</c> for vertical
/// frequency i and horizontal frequency j.
/// </summary>
/// <remarks>
/// The CSF tables are Xiph's (Daala's <c>psnrhvs</c> tool, which libvmaf vendors): normalised inverse
/// quantisation matrices at the point of transparency. libvmaf weighs Cb and Cr with the tables Xiph made for
/// 4:2:0 chroma whatever the subsampling, so 4:2:2 and 4:4:4 chroma get them too.
/// </remarks>
internal sealed class PsnrHvsWeights
{
    /// <summary>
    /// The masking weight of a coefficient is (csf · this)². The PSNR-HVS-M authors built their masking table
    /// from squared, normalised JPEG quantisers; Xiph found this factor reproduces it from their CSF.
    /// </summary>
    public const double MaskingScale = 0.3885746225901003;

    private PsnrHvsWeights(double[] csf)
    {
        Csf = new float[64];
        Mask = new float[64];
        for (int k = 0; k < 64; k++)
        {
            // libvmaf keeps the tables as float, initialised from double literals: round through double
            // first, as its compiler does, rather than parse the decimal straight to float.
            Csf[k] = (float)csf[k];

            // The product is formed in double (float times a double constant) and only then stored as float.
            double scaled = Csf[k] * MaskingScale;
            Mask[k] = (float)(scaled * scaled);
        }

        CsfTransposed = new float[64];
        MaskEnergyTransposed = new float[64];
        MaskDivisorTransposed = new float[64];
        for (int i = 0; i < 8; i++)
        {
            for (int j = 0; j < 8; j++)
            {
                CsfTransposed[(j * 8) + i] = Csf[(i * 8) + j];
                MaskEnergyTransposed[(j * 8) + i] = Mask[(i * 8) + j];
                MaskDivisorTransposed[(j * 8) + i] = Mask[(i * 8) + j];
            }
        }

        MaskEnergyTransposed[0] = 0;
        MaskDivisorTransposed[0] = float.PositiveInfinity;
    }

    /// <summary>The plane's weights: luma, Cb, Cr.</summary>
    public static PsnrHvsWeights ForPlane(int plane) => plane switch
    {
        0 => Luma,
        1 => Cb,
        2 => Cr,
        _ => throw new ArgumentOutOfRangeException(nameof(plane), plane, "a YUV frame has planes 0 to 2"),
    };

    /// <summary>libvmaf's <c>csf_*</c>: how much an error in each coefficient counts.</summary>
    public float[] Csf { get; }

    /// <summary>libvmaf's <c>mask</c>: how much each coefficient's energy masks errors.</summary>
    public float[] Mask { get; }

    /// <summary><see cref="Csf"/> column-major, <c>[j * 8 + i]</c>, the layout the vector kernel's DCT ends in.</summary>
    public float[] CsfTransposed { get; }

    /// <summary>
    /// <see cref="Mask"/> column-major with the DC weight 0: the DC coefficient is left out of a block's
    /// masking energy.
    /// </summary>
    public float[] MaskEnergyTransposed { get; }

    /// <summary>
    /// <see cref="Mask"/> column-major with the DC weight +∞: a threshold is the masking level over the weight,
    /// so the DC threshold comes out 0 and its error is never masked, without a branch.
    /// </summary>
    public float[] MaskDivisorTransposed { get; }

    private static readonly double[] CsfY =
    [
        1.6193873005, 2.2901594831, 2.08509755623, 1.48366094411, 1.00227514334, 0.678296995242, 0.466224900598, 0.3265091542,
        2.2901594831, 1.94321815382, 2.04793073064, 1.68731108984, 1.2305666963, 0.868920337363, 0.61280991668, 0.436405793551,
        2.08509755623, 2.04793073064, 1.34329019223, 1.09205635862, 0.875748795257, 0.670882927016, 0.501731932449, 0.372504254596,
        1.48366094411, 1.68731108984, 1.09205635862, 0.772819797575, 0.605636379554, 0.48309405692, 0.380429446972, 0.295774038565,
        1.00227514334, 1.2305666963, 0.875748795257, 0.605636379554, 0.448996256676, 0.352889268808, 0.283006984131, 0.226951348204,
        0.678296995242, 0.868920337363, 0.670882927016, 0.48309405692, 0.352889268808, 0.27032073436, 0.215017739696, 0.17408067321,
        0.466224900598, 0.61280991668, 0.501731932449, 0.380429446972, 0.283006984131, 0.215017739696, 0.168869545842, 0.136153931001,
        0.3265091542, 0.436405793551, 0.372504254596, 0.295774038565, 0.226951348204, 0.17408067321, 0.136153931001, 0.109083846276,
    ];

    private static readonly double[] CsfCb420 =
    [
        1.91113096927, 2.46074210438, 1.18284184739, 1.14982565193, 1.05017074788, 0.898018824055, 0.74725392039, 0.615105596242,
        2.46074210438, 1.58529308355, 1.21363250036, 1.38190029285, 1.33100189972, 1.17428548929, 0.996404342439, 0.830890433625,
        1.18284184739, 1.21363250036, 0.978712413627, 1.02624506078, 1.03145147362, 0.960060382087, 0.849823426169, 0.731221236837,
        1.14982565193, 1.38190029285, 1.02624506078, 0.861317501629, 0.801821139099, 0.751437590932, 0.685398513368, 0.608694761374,
        1.05017074788, 1.33100189972, 1.03145147362, 0.801821139099, 0.676555426187, 0.605503172737, 0.55002013668, 0.495804539034,
        0.898018824055, 1.17428548929, 0.960060382087, 0.751437590932, 0.605503172737, 0.514674450957, 0.454353482512, 0.407050308965,
        0.74725392039, 0.996404342439, 0.849823426169, 0.685398513368, 0.55002013668, 0.454353482512, 0.389234902883, 0.342353999733,
        0.615105596242, 0.830890433625, 0.731221236837, 0.608694761374, 0.495804539034, 0.407050308965, 0.342353999733, 0.295530605237,
    ];

    private static readonly double[] CsfCr420 =
    [
        2.03871978502, 2.62502345193, 1.26180942886, 1.11019789803, 1.01397751469, 0.867069376285, 0.721500455585, 0.593906509971,
        2.62502345193, 1.69112867013, 1.17180569821, 1.3342742857, 1.28513006198, 1.13381474809, 0.962064122248, 0.802254508198,
        1.26180942886, 1.17180569821, 0.944981930573, 0.990876405848, 0.995903384143, 0.926972725286, 0.820534991409, 0.706020324706,
        1.11019789803, 1.3342742857, 0.990876405848, 0.831632933426, 0.77418706195, 0.725539939514, 0.661776842059, 0.587716619023,
        1.01397751469, 1.28513006198, 0.995903384143, 0.77418706195, 0.653238524286, 0.584635025748, 0.531064164893, 0.478717061273,
        0.867069376285, 1.13381474809, 0.926972725286, 0.725539939514, 0.584635025748, 0.496936637883, 0.438694579826, 0.393021669543,
        0.721500455585, 0.962064122248, 0.820534991409, 0.661776842059, 0.531064164893, 0.438694579826, 0.375820256136, 0.330555063063,
        0.593906509971, 0.802254508198, 0.706020324706, 0.587716619023, 0.478717061273, 0.393021669543, 0.330555063063, 0.285345396658,
    ];

    // Declared after the tables: static fields initialise in textual order.
    public static readonly PsnrHvsWeights Luma = new(CsfY);

    public static readonly PsnrHvsWeights Cb = new(CsfCb420);

    public static readonly PsnrHvsWeights Cr = new(CsfCr420);
}
