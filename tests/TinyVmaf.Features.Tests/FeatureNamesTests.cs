using TinyVmaf.Tests;

namespace TinyVmaf.Features.Tests;

/// <summary>
/// The name contracts against the list written out from ARCHITECTURE.md and the golden logs' keys
/// (<see cref="GoldenKeys"/>): every parity test that maps a name to a log key through the code leans on this.
/// </summary>
public sealed class FeatureNamesTests
{
    [Fact]
    public void Full_features_are_the_22_contract_names_in_contract_order()
    {
        Assert.Equal(GoldenKeys.FullFeatures.Select(f => f.Feature), FeatureNames.Full);
    }

    [Fact]
    public void Each_name_maps_to_the_key_libvmaf_writes_and_back()
    {
        foreach (var (name, key) in GoldenKeys.FullFeatures)
        {
            Assert.Equal(key, FeatureNames.LibvmafKey(name));
            Assert.Equal(name, FeatureNames.FromLibvmafKey(key));
        }

        Assert.Null(FeatureNames.FromLibvmafKey("vmaf"));
        Assert.Throws<ArgumentException>(() => FeatureNames.LibvmafKey("integer_adm2"));
    }

    [Fact]
    public void Canonical_6_is_the_v1_contract()
    {
        Assert.Equal(["adm2", "vif_scale0", "vif_scale1", "vif_scale2", "vif_scale3", "motion2"], FeatureNames.Canonical6);
    }
}
