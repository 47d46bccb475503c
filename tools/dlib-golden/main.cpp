// Golden landmark fixtures from dlib itself, to prove Mouthpiece's C# shape predictor right.
//
//   dlib-golden detect  IMAGE.pgm                                -> one "left top right bottom" line per face
//   dlib-golden predict MODEL IMAGE.pgm|IMAGE.ppm LEFT TOP RIGHT BOTTOM -> JSON: box, dlib's 68 points, exact points
//
// The box is a dlib rectangle (inclusive corners). dlib's shape_predictor rounds its output to whole
// pixels, which hides sub-pixel disagreement; so besides dlib's own points the tool prints "exact":
// the same cascade replayed with the leaves dlib itself picked (the feats overload of operator()),
// summed in the same order and mapped with dlib's own unnormalizing transform, before rounding.
#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/array2d.h>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>

using namespace dlib;

namespace
{
    // Binary PGM/PPM (P5 gray or P6 RGB, maxval 255), as `ffmpeg -pix_fmt gray|rgb24 x.pgm|x.ppm` writes.
    // Given RGB, dlib's shape predictor reads pixels through get_pixel_intensity: the mean of R, G, B.
    template <typename pixel>
    void load_pnm(const std::string& path, array2d<pixel>& img)
    {
        const std::string expected = sizeof(pixel) == 1 ? "P5" : "P6";
        std::ifstream in(path, std::ios::binary);
        std::string magic;
        long width = 0, height = 0, maxval = 0;
        in >> magic >> width >> height >> maxval;
        if (!in || magic != expected || maxval != 255)
            throw std::runtime_error(path + ": not a binary 8-bit " + expected + " file");
        in.get();
        img.set_size(height, width);
        for (long y = 0; y < height; ++y)
            in.read(reinterpret_cast<char*>(&img[y][0]), width * sizeof(pixel));
        if (!in)
            throw std::runtime_error(path + ": truncated image");
    }

    bool is_ppm(const std::string& path)
    {
        return path.size() > 4 && path.compare(path.size() - 4, 4, ".ppm") == 0;
    }

    // The predictor's private state, read from the same file: initial shape and forests.
    struct model
    {
        matrix<float, 0, 1> initial_shape;
        std::vector<std::vector<impl::regression_tree>> forests;
    };

    model load_model(const std::string& path)
    {
        std::ifstream in(path, std::ios::binary);
        int version = 0;
        model m;
        deserialize(version, in);
        deserialize(m.initial_shape, in);
        deserialize(m.forests, in);
        return m;
    }

    matrix<float, 0, 1> replay(const model& m, const std::vector<std::pair<unsigned long, double>>& feats)
    {
        matrix<float, 0, 1> shape = m.initial_shape;
        unsigned long offset = 0, k = 0;
        for (const auto& forest : m.forests)
            for (const auto& tree : forest)
            {
                shape += tree.leaf_values[feats[k++].first - offset];
                offset += tree.num_leaves();
            }
        return shape;
    }

    int detect(const std::string& image)
    {
        array2d<unsigned char> img;
        load_pnm(image, img);
        frontal_face_detector detector = get_frontal_face_detector();
        for (const rectangle& r : detector(img))
            std::printf("%ld %ld %ld %ld\n", r.left(), r.top(), r.right(), r.bottom());
        return 0;
    }

    template <typename pixel>
    int predict(const std::string& model_path, const std::string& image, const rectangle& box)
    {
        array2d<pixel> img;
        load_pnm(image, img);
        shape_predictor sp;
        deserialize(model_path) >> sp;
        std::vector<std::pair<unsigned long, double>> feats;
        const full_object_detection shape = sp(img, box, feats);
        const matrix<float, 0, 1> exact = replay(load_model(model_path), feats);
        const point_transform_affine to_image = impl::unnormalizing_tform(box);

        std::printf("{\n  \"box\": { \"left\": %ld, \"top\": %ld, \"right\": %ld, \"bottom\": %ld },\n",
                    box.left(), box.top(), box.right(), box.bottom());
        std::printf("  \"points\": [");
        for (unsigned long i = 0; i < shape.num_parts(); ++i)
            std::printf("%s[%ld, %ld]", i ? ", " : "", shape.part(i).x(), shape.part(i).y());
        std::printf("],\n  \"exact\": [");
        for (unsigned long i = 0; i < shape.num_parts(); ++i)
        {
            const dlib::vector<double, 2> p = to_image(impl::location(exact, i));
            if (point(p) != shape.part(i))
                throw std::runtime_error("replayed shape disagrees with dlib's own points");
            std::printf("%s[%.6f, %.6f]", i ? ", " : "", p.x(), p.y());
        }
        std::printf("]\n}\n");
        return 0;
    }
}

int main(int argc, char** argv)
{
    try
    {
        const std::string mode = argc > 1 ? argv[1] : "";
        if (mode == "detect" && argc == 3)
            return detect(argv[2]);
        if (mode == "predict" && argc == 8)
        {
            const rectangle box(std::stol(argv[4]), std::stol(argv[5]), std::stol(argv[6]), std::stol(argv[7]));
            return is_ppm(argv[3]) ? predict<rgb_pixel>(argv[2], argv[3], box)
                                   : predict<unsigned char>(argv[2], argv[3], box);
        }
        std::fprintf(stderr, "usage: %s detect IMAGE.pgm | predict MODEL IMAGE.pgm|IMAGE.ppm LEFT TOP RIGHT BOTTOM\n", argv[0]);
        return 2;
    }
    catch (const std::exception& e)
    {
        std::fprintf(stderr, "dlib-golden: %s\n", e.what());
        return 1;
    }
}
