// Throwaway: reads raw 8-bit gray frames (w*h bytes each) from stdin, prints dlib's 68 landmarks per frame.
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/image_processing.h>
#include <cstdio>
#include <cstdlib>
#include <vector>
#include <iostream>
using namespace dlib;
int main(int argc, char** argv) {
    int w = atoi(argv[1]), h = atoi(argv[2]);
    int step = argc > 3 ? atoi(argv[3]) : 1;
    frontal_face_detector det = get_frontal_face_detector();
    shape_predictor sp;
    deserialize("/usr/share/dlib/shape_predictor_68_face_landmarks.dat") >> sp;
    std::vector<unsigned char> buf((size_t)w * h);
    array2d<unsigned char> img(h, w);
    for (long idx = 0; fread(buf.data(), 1, buf.size(), stdin) == buf.size(); idx++) {
        if (idx % step) continue;
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img[y][x] = buf[(size_t)y * w + x];
        auto faces = det(img);
        if (faces.empty()) { printf("%ld none\n", idx); continue; }
        size_t best = 0;
        for (size_t i = 1; i < faces.size(); i++) if (faces[i].area() > faces[best].area()) best = i;
        full_object_detection s = sp(img, faces[best]);
        printf("%ld %ld %ld %ld %ld", idx, faces[best].left(), faces[best].top(), faces[best].right(), faces[best].bottom());
        for (unsigned k = 0; k < s.num_parts(); k++) printf(" %ld %ld", s.part(k).x(), s.part(k).y());
        printf("\n"); fflush(stdout);
    }
}
