namespace TinyVmaf.Features.FloatFilter;

/// <summary>libvmaf's <c>vif_scaling_method</c>: how <c>speed_prescale</c> and <c>vif_prescale</c> resample a plane.</summary>
internal enum VifScalingMethod
{
    Nearest,
    Bilinear,
    Bicubic,
    Lanczos4,
}

/// <summary>libvmaf's names of the scaling methods.</summary>
internal static class VifScaling
{
    public static string Name(VifScalingMethod method) => method switch
    {
        VifScalingMethod.Nearest => "nearest",
        VifScalingMethod.Bilinear => "bilinear",
        VifScalingMethod.Bicubic => "bicubic",
        _ => "lanczos4",
    };

    /// <summary>Reads a method's name; throws, naming <paramref name="option"/> and the allowed names, for any other.</summary>
    public static VifScalingMethod Parse(string name, string option) => name switch
    {
        "nearest" => VifScalingMethod.Nearest,
        "bilinear" => VifScalingMethod.Bilinear,
        "bicubic" => VifScalingMethod.Bicubic,
        "lanczos4" => VifScalingMethod.Lanczos4,
        _ => throw new ArgumentOutOfRangeException(option, name, $"{option} must be one of nearest, bilinear, bicubic, lanczos4"),
    };
}

/// <summary>
/// libvmaf's <c>vif_scale_frame_s</c> (used by <c>speed_prescale</c>, <c>vif_prescale</c>): resamples a float plane, in its float arithmetic (pixel centres at +0.5, edges mirrored). The
/// bilinear column table depends only on the two widths and is made once.
/// </summary>
internal sealed class VifFrameScaler
{
    private readonly VifScalingMethod _method;
    private readonly int _srcW, _srcH, _dstW, _dstH;
    private readonly int[] _x1 = [], _x2 = [];
    private readonly float[] _dx = [];

    public VifFrameScaler(VifScalingMethod method, int srcW, int srcH, int dstW, int dstH)
    {
        (_method, _srcW, _srcH, _dstW, _dstH) = (method, srcW, srcH, dstW, dstH);
        if (method == VifScalingMethod.Bilinear)
        {
            _x1 = new int[dstW];
            _x2 = new int[dstW];
            _dx = new float[dstW];
            float ratio = (float)srcW / dstW;
            for (int x = 0; x < dstW; x++)
            {
                float xx = (float)((x + 0.5) * ratio - 0.5);
                _x1[x] = (int)Mirror((float)Math.Floor(xx), 0, srcW - 1);
                _x2[x] = (int)Mirror((float)Math.Ceiling(xx), 0, srcW - 1);
                _dx[x] = xx - _x1[x];
            }
        }
    }

    /// <summary>Resamples <paramref name="src"/> into <paramref name="dst"/>; both have <paramref name="stride"/>.</summary>
    public void Scale(float[] src, float[] dst, int stride) => Scale(src, stride, dst, stride);

    /// <summary>Resamples <paramref name="src"/> (rows <paramref name="srcStride"/> apart) into <paramref name="dst"/> (rows <paramref name="dstStride"/> apart).</summary>
    public void Scale(float[] src, int srcStride, float[] dst, int dstStride)
    {
        if (_srcW == _dstW && _srcH == _dstH)
        {
            for (int y = 0; y < _srcH; y++)
            {
                Array.Copy(src, y * srcStride, dst, y * dstStride, _srcW);
            }

            return;
        }

        switch (_method)
        {
            case VifScalingMethod.Nearest:
                Nearest(src, srcStride, dst, dstStride);
                break;
            case VifScalingMethod.Bilinear:
                Bilinear(src, srcStride, dst, dstStride);
                break;
            case VifScalingMethod.Bicubic:
                Interpolated(src, srcStride, dst, dstStride, Bicubic);
                break;
            default:
                Interpolated(src, srcStride, dst, dstStride, Lanczos4);
                break;
        }
    }

    private static float Mirror(float i, float left, float right) => i < left ? -i : i > right ? 2 * right - i : i;

    private void Nearest(float[] src, int srcStride, float[] dst, int dstStride)
    {
        float ratioX = (float)_srcW / _dstW, ratioY = (float)_srcH / _dstH;
        for (int y = 0; y < _dstH; y++)
        {
            int sy = (int)(y * ratioY);
            for (int x = 0; x < _dstW; x++)
            {
                dst[y * dstStride + x] = src[sy * srcStride + (int)(x * ratioX)];
            }
        }
    }

    private void Bilinear(float[] src, int srcStride, float[] dst, int dstStride)
    {
        float ratioY = (float)_srcH / _dstH;
        for (int y = 0; y < _dstH; y++)
        {
            float yy = (float)((y + 0.5) * ratioY - 0.5);
            int y1 = (int)Mirror((float)Math.Floor(yy), 0, _srcH - 1);
            int y2 = (int)Mirror((float)Math.Ceiling(yy), 0, _srcH - 1);
            float dy = yy - y1;
            int r1 = y1 * srcStride, r2 = y2 * srcStride, d = y * dstStride;
            for (int x = 0; x < _dstW; x++)
            {
                int x1 = _x1[x], x2 = _x2[x];
                float dx = _dx[x];
                dst[d + x] = (1 - dy) * (1 - dx) * src[r1 + x1]
                    + (1 - dy) * dx * src[r1 + x2]
                    + dy * (1 - dx) * src[r2 + x1]
                    + dy * dx * src[r2 + x2];
            }
        }
    }

    private delegate float Interpolation(float[] src, int w, int h, int stride, float x, float y);

    private void Interpolated(float[] src, int srcStride, float[] dst, int dstStride, Interpolation at)
    {
        float ratioX = (float)_srcW / _dstW, ratioY = (float)_srcH / _dstH;
        for (int y = 0; y < _dstH; y++)
        {
            float yy = (float)((y + 0.5) * ratioY - 0.5);
            for (int x = 0; x < _dstW; x++)
            {
                float xx = (float)((x + 0.5) * ratioX - 0.5);
                dst[y * dstStride + x] = at(src, _srcW, _srcH, srcStride, xx, yy);
            }
        }
    }

    private static float BicubicKernel(float t)
    {
        const float A = -0.75f;
        t = t < 0 ? -t : t;
        if (t < 1)
        {
            return ((A + 2) * t - (A + 3)) * t * t + 1;
        }

        return t < 2 ? (((t - 5) * t + 8) * t - 4) * A : 0;
    }

    private static float Bicubic(float[] src, int w, int h, int stride, float x, float y)
    {
        int x0 = (int)Math.Floor(x), y0 = (int)Math.Floor(y);
        float dx = x - x0, dy = y - y0;
        Span<float> wx = stackalloc float[4];
        Span<float> wy = stackalloc float[4];
        for (int i = -1; i <= 2; i++)
        {
            wx[i + 1] = BicubicKernel(i - dx);
            wy[i + 1] = BicubicKernel(i - dy);
        }

        float value = 0;
        for (int j = -1; j <= 2; j++)
        {
            for (int i = -1; i <= 2; i++)
            {
                int xi = (int)Mirror(x0 + i, 0, w - 1);
                int yi = (int)Mirror(y0 + j, 0, h - 1);
                value += src[yi * stride + xi] * (wx[i + 1] * wy[j + 1]);
            }
        }

        return value;
    }

    private static float LanczosKernel(float x, float a)
    {
        if (x == 0)
        {
            return 1;
        }

        return x > -a && x < a ? (float)(a * Math.Sin(Math.PI * x) * Math.Sin(Math.PI * x / a) / (Math.PI * Math.PI * x * x)) : 0;
    }

    private static float Lanczos4(float[] src, int w, int h, int stride, float x, float y)
    {
        const int A = 4;
        int x0 = (int)Math.Floor(x), y0 = (int)Math.Floor(y);
        float dx = x - x0, dy = y - y0;
        Span<float> wx = stackalloc float[2 * A + 1];
        Span<float> wy = stackalloc float[2 * A + 1];
        for (int i = -A; i <= A; i++)
        {
            wx[i + A] = LanczosKernel(i - dx, A);
            wy[i + A] = LanczosKernel(i - dy, A);
        }

        float value = 0, weightSum = 0;
        for (int iy = -A; iy <= A; iy++)
        {
            for (int ix = -A; ix <= A; ix++)
            {
                float weight = wx[ix + A] * wy[iy + A];
                weightSum += weight;
                int xi = (int)Mirror(x0 + ix, 0, w - 1);
                int yi = (int)Mirror(y0 + iy, 0, h - 1);
                value += src[yi * stride + xi] * weight;
            }
        }

        return value / weightSum;
    }
}
